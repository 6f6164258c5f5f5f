"""The surveys' actions in the one policy (imported by every surveys routes module before its decorators run)."""

from lerend_netwerk.networks import policy
from lerend_netwerk.networks.models import Role

ACTIONS = {
    "surveys.view": {Role.FACILITATOR, Role.STEERING},  # the list and a survey's overview
    "surveys.manage": {Role.FACILITATOR},  # build: questions, order, translations, dates
    "surveys.enter": {Role.FACILITATOR},  # assisted and paper entry
    "surveys.results": {Role.FACILITATOR, Role.STEERING},
    "surveys.signal": {Role.FACILITATOR},  # turn answers or a result into a signal
}
for _action, _roles in ACTIONS.items():
    if _action not in policy.PERMISSIONS:
        policy.register(_action, _roles)
