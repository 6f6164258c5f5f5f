"""Accounts: the three ways to log in, server-side sessions, the people and login codes of a network, and a
person's own data (see, correct, erase)."""
