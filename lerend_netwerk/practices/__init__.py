"""The lerend netwerk: practices that lower thresholds, learning together on them (comments, "we apply this too",
following, the e-mail digest), a network's threshold types, and its network meetings (netwerkmomenten)."""
