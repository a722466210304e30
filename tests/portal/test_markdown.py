from portal.markdown import render_markdown


def test_it_renders_markdown():
    html = render_markdown("# Nadpis\n\n**tučně** a [odkaz](https://example.cz)")
    assert "<h1>Nadpis</h1>" in html
    assert "<strong>tučně</strong>" in html
    assert 'href="https://example.cz"' in html


def test_it_makes_scripts_and_javascript_links_inert():
    html = render_markdown(
        '<script>alert(1)</script>\n\n[klik](javascript:alert(1))\n\n<img src=x onerror="alert(1)">\n\n'
        '<a href="javascript:alert(2)">a</a>'
    )
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_it_renders_nothing_for_empty_text():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
