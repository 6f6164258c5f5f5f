"""All survey routes: staff building and entry, results and signals, and the respondents' pages (/b/<code>)."""

from lerend_netwerk.surveys.routes import public, staff, staff_results

routes = [*staff.routes, *staff_results.routes, *public.routes]
