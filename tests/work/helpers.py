"""Helpers for the network's work: make a working group (the member is its trekker) directly."""

from __future__ import annotations

from typing import Any

from lerend_netwerk.work import service


def make_group(
    db: Any, network: Any, people: dict[str, Any], *, name: str = "Werkgroep kind", theme: str = "kind"
) -> int:
    data = service.GroupData(name, theme, "", people["member"].id, 4, False)
    return db.write_sync(service.save_group, network.id, data, actor_id=people["coordinator"].id).id
