"""Signals: the board where thresholds and needs from every source meet the stuurgroep, and what was done with them."""
