"""The signals capability's routes: the board for the stuurgroep (staff), its figures, meetings, reports and exports
(staff_reports), and the report form and feedback page anyone can use (public)."""

from lerend_netwerk.signals.routes import public, staff, staff_reports

routes = [*staff.routes, *staff_reports.routes, *public.routes]
