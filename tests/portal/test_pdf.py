import pytest

from portal import pdf


def test_it_renders_czech_text_to_pdf(pdf_text):
    ok, reason = pdf.pdf_support()
    if not ok:
        from tests.conftest import skip_or_fail

        skip_or_fail(f"WeasyPrint unavailable: {reason}")
    data = pdf.render_pdf_template("pdf/base.html", {})
    assert data.startswith(b"%PDF")
    html = '<html lang="cs"><body><h1>Koncepce bydlení – Žluťoučký kůň</h1></body></html>'
    assert "Žluťoučký kůň" in pdf_text(pdf.render_pdf(html))


def test_it_loads_nothing_from_the_network(pdf_text):
    if not pdf.pdf_support()[0]:
        pytest.skip("WeasyPrint unavailable")
    html = '<html><body><img src="http://127.0.0.1:9/tracker.png"><p>Text</p></body></html>'
    assert "Text" in pdf_text(pdf.render_pdf(html))


def test_it_explains_how_to_install_when_missing(monkeypatch):
    monkeypatch.setattr(pdf, "pdf_support", lambda: (False, "OSError: libpango missing"))
    with pytest.raises(pdf.PdfUnavailable):
        pdf.render_pdf("<p>x</p>")
    assert "apt-get install" in pdf.unavailable_message()


def test_it_loads_the_print_stylesheet_through_static(pdf_text):
    """pdf.css numbers the pages "2 / 2" from the second page on: the number proves it loaded."""
    if not pdf.pdf_support()[0]:
        pytest.skip("WeasyPrint unavailable")
    from django.template import engines

    html = engines["django"].from_string(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Zápis</h1>'
        '<p class="page-break">Druhá strana</p>{% endblock %}'
    ).render({})
    text = pdf_text(pdf.render_pdf(html))
    assert "Druhá strana" in text
    assert "2 / 2" in text
