"""All survey routes: staff building and entry, sound and pictures, results and signals, and the respondents' pages
(/b/<code>)."""

from lerend_netwerk.surveys.routes import public, public_media, staff, staff_media, staff_results

routes = [*staff.routes, *staff_media.routes, *staff_results.routes, *public.routes, *public_media.routes]
