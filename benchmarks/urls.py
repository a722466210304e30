from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

_template = engines["django"].from_string("<p>{{ request.user.username }}</p>")


def trivial(request):
    """The ceiling: the whole middleware stack, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def trivial_template(request):
    """The floor of a page: the session and the user loaded, the context processors run."""
    return HttpResponse(_template.render({}, request))


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/template/", trivial_template),
    path("", include("portal.urls")),
]
