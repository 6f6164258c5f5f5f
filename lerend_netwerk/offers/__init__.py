"""The aanbod: what partners offer families, children and young people, for whom, where, when and at what price."""
