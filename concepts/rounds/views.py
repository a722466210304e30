from django.shortcuts import render

from portal.access import municipality_view


@municipality_view()
def index(request, municipality):
    return render(request, "portal/section_pending.html", {"municipality": municipality})
