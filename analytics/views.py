from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.access import municipality_view
from portal.hooks import attention_for, overview_cards
from portal.permissions import municipalities_for


@municipality_view("analytics.view_analytics")
def municipality_dashboard(request, municipality):
    return render(
        request,
        "analytics/municipality_dashboard.html",
        {"municipality": municipality, "cards": overview_cards(request.user, municipality)},
    )


@login_required
def consultant_dashboard(request):
    """All municipalities the user may analyse, the ones needing attention first."""
    rows = []
    for municipality in municipalities_for(request.user, "analytics.view_analytics"):
        attention = attention_for(request.user, municipality)
        rows.append(
            {
                "municipality": municipality,
                "cards": overview_cards(request.user, municipality),
                "attention": attention,
                "urgent": sum(a.level in {"danger", "warning"} for a in attention),
            }
        )
    rows.sort(key=lambda r: (-r["urgent"], r["municipality"].name))
    return render(request, "analytics/consultant_dashboard.html", {"rows": rows})
