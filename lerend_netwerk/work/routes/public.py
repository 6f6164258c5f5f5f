"""Public pages of the network's work: the plan, "wat we beloofden, waar we staan"."""
