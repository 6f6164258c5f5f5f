"""Dialogue tables (dialoogtafels): tables, sessions, sign-ups with a waiting list, messages, attendance and notes."""
