"""The importer, one test per case: each gives a clear message and saves nothing it should not."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.datasets.services import (
    dataset_upload_choose_sheet,
    dataset_upload_confirm,
    dataset_upload_preview,
)
from analytics.models import DataRow, DatasetUpload, DatasetVersion, Layout, Territory

pytestmark = pytest.mark.django_db

HEADER = "idhod,hodnota,stapro_kod,pohlavi_kod,vuzemi_cis,vuzemi_kod,casref_do,pohlavi_txt,vuzemi_txt\n"


@pytest.fixture
def districts(ostrava):
    Territory.objects.create(code="546003", name="Ostrava-Jih", municipality=ostrava)
    Territory.objects.create(code="545881", name="Moravská Ostrava a Přívoz", municipality=ostrava)


def czso(lines: list[str], header: str = HEADER) -> str:
    return header + "".join(line + "\n" for line in lines)


def preview(ostrava, gestor, content: bytes, name="data.csv", layout=Layout.CZSO, **options):
    return dataset_upload_preview(
        municipality=ostrava, actor=gestor, upload_file=SimpleUploadedFile(name, content), title="Obyvatelstvo",
        source="ČSÚ", reference_date=date(2025, 12, 31), layout=layout, options=options,
    )


def assert_nothing_imported():
    assert DatasetVersion.objects.count() == 0 and DataRow.objects.count() == 0


def test_it_reads_windows_1250_as_the_right_text(ostrava, gestor, districts):
    text = czso(['1,103500,,,44,546003,2024-12-31,,Ostrava-Jih', '2,37000,,,44,545881,2024-12-31,,Moravská Ostrava a Přívoz'])
    upload = preview(ostrava, gestor, text.encode("cp1250"))
    assert upload.options["encoding"] == "cp1250"
    assert [r["territory_name"] for r in upload.preview["first"]] == ["Ostrava-Jih", "Moravská Ostrava a Přívoz"]
    assert upload.problems == [] and upload.can_confirm
    assert_nothing_imported()  # a preview saves no data


def test_it_refuses_a_missing_column(ostrava, gestor):
    with pytest.raises(ValidationError) as error:
        preview(ostrava, gestor, b"vuzemi_kod,vuzemi_txt,casref_do\n546003,Ostrava-Jih,2024-12-31\n")
    messages = error.value.message_dict["file"]
    assert "The column „hodnota“ is missing." in messages
    assert any("vuzemi_kod, vuzemi_txt, casref_do" in m for m in messages)
    assert DatasetUpload.objects.count() == 0
    assert_nothing_imported()


def test_it_lists_text_in_a_number_column_and_will_not_import_it_unasked(ostrava, gestor, districts):
    upload = preview(ostrava, gestor, czso(['1,103500,,,44,546003,2024-12-31,,Ostrava-Jih',
                                            '2,neuvedeno,,,44,545881,2024-12-31,,Moravská Ostrava a Přívoz']).encode())
    assert upload.row_problems == [{"line": 3, "column": "hodnota", "code": "not_a_number",
                                    "message": "„neuvedeno“ is not a number.", "fatal": False}]
    assert not upload.can_confirm
    with pytest.raises(ValidationError) as error:
        dataset_upload_confirm(upload=upload, actor=gestor)
    assert "skip_problem_rows" in error.value.message_dict
    assert_nothing_imported()


def test_it_reads_decimal_commas_and_no_break_space_thousands(ostrava, gestor, districts, django_capture_on_commit_callbacks):
    content = "uzemi_kod;uzemi_txt;obdobi;hodnota\n546003;Ostrava-Jih;2024;103\u00a0500,5\n545881;Moravská Ostrava a Přívoz;2024;37 000\n"
    upload = preview(ostrava, gestor, content.encode("utf-8-sig"))
    assert upload.options["separator"] == ";" and upload.options["encoding"] == "utf-8-sig"
    assert [r["value"] for r in upload.preview["first"]] == ["103500.5", "37000"]
    with django_capture_on_commit_callbacks(execute=True):
        dataset_upload_confirm(upload=upload, actor=gestor)  # eager in tests: the task runs now
    upload.refresh_from_db()
    assert upload.status == DatasetUpload.Status.DONE, upload.message
    assert sorted(DataRow.objects.values_list("value", flat=True)) == [Decimal("37000"), Decimal("103500.5")]
    assert DataRow.objects.filter(period="2024", period_date=date(2024, 12, 31)).count() == 2


def test_it_refuses_an_empty_file(ostrava, gestor):
    for content in (b"", b"\r\n\r\n"):
        with pytest.raises(ValidationError) as error:
            preview(ostrava, gestor, content)
        assert error.value.message_dict["file"] == ["The file is empty."]
    assert DatasetUpload.objects.count() == 0


def test_it_refuses_a_25_mb_file(ostrava, gestor):
    line = "546003,Ostrava-Jih,2024-12-31,1\n"
    content = ("vuzemi_kod,vuzemi_txt,casref_do,hodnota\n" + line * (25 * 1024 * 1024 // len(line) + 1)).encode()
    assert len(content) > 25 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        preview(ostrava, gestor, content)
    [message] = error.value.message_dict["file"]
    assert "at most 20 MB" in message and "25,0 MB" in message
    assert DatasetUpload.objects.count() == 0


def test_it_lets_the_user_choose_a_sheet_of_an_xlsx(ostrava, gestor):
    from openpyxl import Workbook

    workbook = Workbook()
    notes = workbook.active
    notes.title = "Poznámky"
    notes.append(["Bytový fond města, stav k 31. 12."])
    stock = workbook.create_sheet("Bytový fond")
    stock.append(["Evidence bytového fondu"])  # a title row above the table
    stock.append([])
    stock.append(["obvod_kod", "obvod", "rok", "stav", "byty", "prazdne", "dluh_kc"])
    stock.append([ostrava.code, "Ostrava", 2024, "dobrý", 4200, 120, 1_250_000.5])
    stock.append([ostrava.code, "Ostrava", 2024, "nevyhovující", 1300, 980, 8_000_000])
    stock.append(["Zdroj: evidence majetkového odboru"])  # a footnote row
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    with pytest.raises(ValidationError):  # the first sheet is not a table of this layout
        preview(ostrava, gestor, data, name="fond.xlsx", layout=Layout.HOUSING_STOCK)
    upload = preview(ostrava, gestor, data, name="fond.xlsx", layout=Layout.HOUSING_STOCK, sheet="Bytový fond")
    assert upload.sheets == ["Poznámky", "Bytový fond"]
    assert upload.preview["rows"] == 2 and upload.preview["footnote_rows"] == 1
    first = upload.preview["first"][:3]
    assert [(r["measure"], r["value"]) for r in first] == [("byty", "4200"), ("prazdne", "120"), ("dluh_kc", "1250000.5")]
    assert first[0]["dimensions"] == {"stav": "dobrý"}
    dataset_upload_choose_sheet(upload=upload, actor=gestor, sheet="Bytový fond")
    assert_nothing_imported()


def test_it_lists_a_duplicated_row(ostrava, gestor, districts):
    upload = preview(ostrava, gestor, czso(['1,103500,,,44,546003,2024-12-31,,Ostrava-Jih',
                                            '2,103600,,,44,546003,2024-12-31,,Ostrava-Jih']).encode())
    [problem] = upload.row_problems
    assert (problem["line"], problem["code"]) == (3, "duplicate_row") and "line 2" in problem["message"]
    assert_nothing_imported()


def test_it_lists_an_unknown_territory_and_skips_it_when_asked(
    ostrava, gestor, districts, django_capture_on_commit_callbacks
):
    upload = preview(ostrava, gestor, czso(['1,103500,,,44,546003,2024-12-31,,Ostrava-Jih',
                                            '2,5,,,44,999999,2024-12-31,,Neznámo']).encode())
    assert [p["code"] for p in upload.row_problems] == ["unknown_territory"]
    with django_capture_on_commit_callbacks(execute=True):
        dataset_upload_confirm(upload=upload, actor=gestor, skip_problem_rows=True)
    version = DatasetVersion.objects.get()
    assert version.row_count == 1 and version.skipped_rows == 1 and version.is_complete


def test_it_reads_czech_dates_and_leaves_out_empty_and_footnote_rows(ostrava, gestor):
    content = ("rok;kategorie;osoby;datum\n\n2024;ETHOS 1;120;2. 12. 2024\n;;;\n2024;ETHOS 2;80;02.12.2024\n"
               "Poznámka: odhad terénních pracovníků;;;\n")
    upload = preview(ostrava, gestor, content.encode(), layout=Layout.ETHOS)
    assert upload.preview["rows"] == 2 and upload.preview["empty_rows"] == 2 and upload.preview["footnote_rows"] == 1
    assert [r["dimensions"]["datum"] for r in upload.preview["first"]] == ["2. 12. 2024", "02.12.2024"]
    declared = preview(ostrava, gestor, content.encode(), layout=Layout.DECLARED, period_column="datum",
                       value_columns="osoby")
    assert [r["period"] for r in declared.preview["first"]] == ["2024-12-02", "2024-12-02"]


def test_a_bad_czech_date_is_listed(ostrava, gestor):
    upload = preview(ostrava, gestor, b"datum;osoby\n31. 2. 2024;5\n", layout=Layout.DECLARED,
                     period_column="datum", value_columns="osoby")
    assert upload.row_problems[0]["code"] == "bad_date"


def test_a_damaged_workbook_is_refused_with_a_message_not_a_500(ostrava, gestor):
    """Found by the fuzzer: a file that starts as an XLSX does (``PK\\x03\\x04``) but is no ZIP made
    openpyxl raise ``BadZipFile``, which the reader did not catch."""
    for content in (b"PK\x03\x04" + b"not a zip at all", b"PK\x03\x04" + bytes(range(256)) * 4):
        with pytest.raises(ValidationError) as error:
            preview(ostrava, gestor, content, name="data.xlsx")
        [message] = error.value.message_dict["file"]
        assert message.startswith("The workbook could not be read")
    assert DatasetUpload.objects.count() == 0
    assert_nothing_imported()
