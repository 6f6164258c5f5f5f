-- wrk script of the benchmark: rotates paths and cookies, makes every POST body unique, counts the status codes
-- each thread saw, and prints the figures as one JSON line ("BENCH_JSON {...}") when the run is done.
--
-- Configured through the environment (tests/bench/wrk.py sets it):
--   BENCH_METHOD  GET or POST
--   BENCH_PATHS   paths separated by "|", used in turn
--   BENCH_COOKIES Cookie header values separated by "|", used in turn (empty: none)
--   BENCH_BODY    form body for a POST; "{n}" becomes a value unique to this run ("<salt><thread>x<count>")
--   BENCH_SALT    a random prefix for "{n}", new for every run

local method = os.getenv("BENCH_METHOD") or "GET"
local body_template = os.getenv("BENCH_BODY") or ""
local salt = os.getenv("BENCH_SALT") or ""

local function split(value)
  local parts = {}
  for part in string.gmatch(value or "", "[^|]+") do
    table.insert(parts, part)
  end
  return parts
end

local paths = split(os.getenv("BENCH_PATHS"))
local cookies = split(os.getenv("BENCH_COOKIES"))

local function headers_for(cookie)
  local headers = { ["Accept-Encoding"] = "gzip", ["Accept"] = "text/html" }
  if cookie then
    headers["Cookie"] = cookie
  end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return headers
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

statuses = {}
local counter = 0

local unique = string.find(body_template, "{n}", 1, true) ~= nil
if #paths > 1 or #cookies > 1 or unique then
  function request()
    counter = counter + 1
    local path = paths[(counter % #paths) + 1]
    local cookie = nil
    if #cookies > 0 then
      cookie = cookies[(counter % #cookies) + 1]
    end
    local body = nil
    if method == "POST" then
      body = string.gsub(body_template, "{n}", salt .. tid .. "x" .. counter)
    end
    return wrk.format(method, path, headers_for(cookie), body)
  end
else
  wrk.method = method
  wrk.path = paths[1]
  wrk.headers = headers_for(cookies[1])
  if method == "POST" then
    wrk.body = body_template
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for status, n in pairs(seen) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "mean": %.1f, "max": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, table.concat(parts, ", ")
  ))
end
