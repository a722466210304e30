from io import BytesIO

from openpyxl import load_workbook

from portal.exports import xlsx_workbook


def test_it_keeps_typed_text_as_text():
    """A partner's text that looks like a formula or a link must not become one in Excel."""
    buffer = BytesIO()
    book = xlsx_workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write(0, 0, '=HYPERLINK("http://zlo.example","klikni")')
    sheet.write(1, 0, "https://example.cz/pripominka")
    book.close()
    cells = load_workbook(BytesIO(buffer.getvalue())).active
    assert cells["A1"].value == '=HYPERLINK("http://zlo.example","klikni")'
    assert cells["A1"].data_type == "s"
    assert cells["A2"].hyperlink is None
