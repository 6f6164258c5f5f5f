"""The network's own work (werking): working groups with their meetings, the kansenplan, and the view per wijk."""
