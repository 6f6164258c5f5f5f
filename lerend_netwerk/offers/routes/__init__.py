"""The routes of the offers capability: the public overview, an offer's page, its calendar file, the printable
folder and verwijsfiche, "this has a threshold for me"; and for staff the list, the form and confirming."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.offers.routes import public, staff

routes = [
    Route("/n/{network}/aanbod", public.overview, name="offers:list"),
    Route("/n/{network}/aanbod/folder", public.folder, name="offers:folder"),
    Route("/n/{network}/aanbod/beheer", staff.manage, name="offers:manage"),
    Route("/n/{network}/aanbod/nieuw", staff.new, name="offers:new"),
    Route("/n/{network}/aanbod/nieuw", staff.create, methods=["POST"], name="offers:create"),
    Route("/n/{network}/aanbod/{id:int}", public.detail, name="offers:detail"),
    Route("/n/{network}/aanbod/{id:int}/agenda.ics", public.calendar, name="offers:ics"),
    Route("/n/{network}/aanbod/{id:int}/verwijsfiche", public.referral, name="offers:referral"),
    Route("/n/{network}/aanbod/{id:int}/drempel", public.threshold, methods=["POST"], name="offers:threshold"),
    Route("/n/{network}/aanbod/{id:int}/fotos/{photo_id:int}", public.photo, name="offers:photo"),
    Route("/n/{network}/aanbod/{id:int}/bewerken", staff.edit, name="offers:edit"),
    Route("/n/{network}/aanbod/{id:int}/bewerken", staff.update, methods=["POST"], name="offers:update"),
    Route("/n/{network}/aanbod/{id:int}/bevestigen", staff.confirm, methods=["POST"], name="offers:confirm"),
]
