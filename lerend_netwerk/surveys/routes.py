"""All survey routes: staff building (manage), respondents (answer), results and signals."""

from lerend_netwerk.surveys import answer_routes, manage_routes, results_routes

routes = [*manage_routes.routes, *results_routes.routes, *answer_routes.routes]
