from django.urls import reverse

URL = reverse("member_list", args=["ostrava"])


def test_it_needs_the_gestor(writer, outsider, client_for):
    assert client_for(writer).get(URL).status_code == 403
    assert client_for(outsider).get(URL).status_code == 404


def test_it_filters_by_role_and_name_and_sorts(gestor, writer, partner, client_for):
    c = client_for(gestor)
    assert [m.user for m in c.get(URL + "?role=partner").context["page"]] == [partner]
    assert [m.user for m in c.get(URL + f"?q={writer.last_name}").context["page"]] == [writer]
    by_role = [m.role for m in c.get(URL + "?sort=role").context["page"]]
    assert by_role == sorted(by_role)


def test_it_ignores_junk_parameters(gestor, writer, client_for):
    response = client_for(gestor).get(URL + "?page=-1&sort=zzz&role=%3Cscript%3E&is_active=abc")
    assert response.status_code == 200
    assert len(response.context["page"]) == 2
