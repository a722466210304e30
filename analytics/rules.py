"""Permissions of the analytics app that are not tied to one municipality."""

import rules

from portal.permissions import municipalities_for

#: Holds ``analytics.view_analytics`` in at least one municipality: may open the consultant
#: dashboard and download its export (a job without a municipality checks this permission;
#: the file itself only ever holds the requester's municipalities).
DASHBOARD_PERMISSION = "analytics.view_dashboard"


@rules.predicate
def analyses_somewhere(user, obj=None) -> bool:
    return municipalities_for(user, "analytics.view_analytics").exists()


rules.add_perm(DASHBOARD_PERMISSION, analyses_somewhere)
