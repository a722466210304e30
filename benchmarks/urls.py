from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from portal.access import municipality_view

_template = engines["django"].from_string("<p>{{ request.user.username }}</p>")
_page = engines["django"].from_string('{% extends "base.html" %}{% block content %}<p>ok</p>{% endblock %}')


def trivial(request):
    """The ceiling: the whole middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def trivial_template(request):
    """The floor of a page: the session and the user loaded, the context processors run."""
    return HttpResponse(_template.render({}, request))


@login_required
def base_page(request):
    """The floor of a signed-in page: base.html (navigation, language switch, footer) around nothing."""
    return HttpResponse(_page.render({}, request))


@municipality_view()
def base_page_in_municipality(request, municipality):
    """The same inside a municipality: its section navigation and breadcrumbs as well."""
    return HttpResponse(_page.render({"municipality": municipality}, request))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/template/", trivial_template),
    path("bench/base/", base_page),
    path("bench/base/<slug:municipality_slug>/", base_page_in_municipality),
    path("", include("portal.urls")),
]
