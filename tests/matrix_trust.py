"""A person's own data pages need a login (any role); the privacy notice is for everyone."""

from tests.matrix import EVERYONE, LOGGED_IN, Case

CASES = [
    Case("my_data", LOGGED_IN),
    Case("my_data_json", LOGGED_IN),
    Case("my_data_correct", LOGGED_IN, method="POST", data={"naam": "Nieuwe naam"}),
    Case(
        "my_data_erase", frozenset(), method="POST", data={}, note="without the confirmation box nobody erases anything"
    ),
    Case("privacy", EVERYONE),
]

CASES += [
    Case("audit_log", frozenset({"coordinator"})),
    Case("audit_csv", frozenset({"coordinator"})),
]
