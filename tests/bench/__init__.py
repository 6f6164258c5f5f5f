"""The benchmark (issue 8) and the load test (issue 7): `bash .ci/bench`, or `.venv/bin/python -m tests.bench`.

Not part of the test run (tests/conftest.py ignores this folder, and nothing here is named test_*). It measures on
this machine and writes bench-results/report.md and results.json:

* databases.py  generated databases (`lerend-netwerk demo --scale N`), cached as templates, copied per measurement
* servers.py    uvicorn processes through `lerend_netwerk.serving.run_server` (as `serve` runs it), an SMTP sink
* ceiling.py    the plain-text Starlette endpoint: the ceiling of this stack here
* counting.py   the app with X-Query-Count and X-Time-* headers (queries, and where a request's time went:
                database, rendering, route code, framework); served only for that, its throughput never measured
* profile.py    py-spy's top functions per page on that server, when py-spy is installed (optional)
* targets.py    the key pages found in the data, with sessions, drafts and CSRF tokens to load them
* wrk.py, bench.lua   wrk runs with status codes counted and percentiles as JSON
* pages.py      one probe (bytes, queries), a time breakdown over a few dozen requests, and one wrk run per page
* weight.py     page weight in Chromium, first load and repeat view
* timings.py    survey results and board counts at volume (< 100 ms), the board pages of the old scale test
* load.py       the issue 7 load test and its checks in the database
* report.py     the Markdown report
"""
