"""Meetings of a body with its own membership: the whole network (netwerkmomenten, in practices), a working group
(work) and the stuurgroep (signals). One model, one service and one set of reads serve them all; each capability
adds its own pages and what its agenda points link to (a practice, a signal). Not a capability of its own: it
declares no routes and depends only on the foundation."""
