"""Networks, partner organisations, people, memberships and roles; the one policy and the network menu."""
