"""Acceptance 3: an attachment over the size limit, or an executable renamed to .pdf, is refused
with a clear message next to the field, and nothing is saved. Downloads check permissions."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workgroups.models import MeetingAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def url(meeting):
    return reverse("workgroups:attachment_add", args=["ostrava", meeting.pk])


def upload(client, meeting, name, content):
    return client.post(url(meeting), {"file": SimpleUploadedFile(name, content), "description": "Podklad"})


def test_it_accepts_a_pdf_and_serves_it_to_group_members_only(
    meeting, memberships, writer, member, other_group, client_for, outsider
):
    response = upload(client_for(writer), meeting, "analyza.pdf", PDF)
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == ("analyza.pdf", "application/pdf", len(PDF))

    download = reverse("workgroups:attachment_download", args=["ostrava", meeting.pk, attachment.pk])
    response = client_for(member).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for(outsider).get(download).status_code == 404
    wrong_meeting = reverse("workgroups:attachment_download", args=["ostrava", meeting.pk + 1, attachment.pk])
    assert client_for(writer).get(wrong_meeting).status_code == 404


def test_it_accepts_a_docx_by_its_content(meeting, writer, client_for):
    assert upload(client_for(writer), meeting, "zapis.docx", _docx()).status_code == 302
    assert MeetingAttachment.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("content", [EXE, ELF], ids=["windows-exe", "elf"])
def test_it_refuses_an_executable_renamed_to_pdf(meeting, writer, client_for, content):
    response = upload(client_for(writer), meeting, "zapis.pdf", content)

    assert response.status_code == 400
    error = response.context["attachment_form"].errors["file"][0]
    assert "content" in error or "obsah" in error
    assert error in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_it_refuses_a_pdf_named_as_an_image(meeting, writer, client_for):
    response = upload(client_for(writer), meeting, "foto.png", PDF)
    assert response.status_code == 400
    assert response.context["attachment_form"].errors["file"]
    assert not MeetingAttachment.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(meeting, writer, client_for, settings):
    settings.MAX_ATTACHMENT_BYTES = 1024
    response = upload(client_for(writer), meeting, "velky.pdf", PDF + b"0" * 2000)

    assert response.status_code == 400
    error = response.context["attachment_form"].errors["file"][0]
    assert "1,0" in error or "1.0" in error  # the limit, formatted
    assert not MeetingAttachment.objects.exists()


def test_it_limits_attachments_to_20_mb(settings):
    assert settings.MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024


def test_it_is_refused_for_read_only_roles(meeting, memberships, member, partner, consultant, client_for):
    for user in (member, partner, consultant):
        assert upload(client_for(user), meeting, "a.pdf", PDF).status_code == 403
    assert not MeetingAttachment.objects.exists()


def test_it_requires_login_and_is_404_for_an_outsider(meeting, outsider, client_for, client):
    assert upload(client, meeting, "a.pdf", PDF).status_code == 302
    assert upload(client_for(outsider), meeting, "a.pdf", PDF).status_code == 404


def test_it_removes_an_attachment(meeting, writer, client_for):
    upload(client_for(writer), meeting, "analyza.pdf", PDF)
    attachment = MeetingAttachment.objects.get()
    response = client_for(writer).post(
        reverse("workgroups:attachment_delete", args=["ostrava", meeting.pk, attachment.pk])
    )
    assert response.status_code == 302
    assert not MeetingAttachment.objects.exists()


def test_it_answers_404_not_500_when_the_stored_file_is_missing(meeting, memberships, writer, client_for):
    assert upload(client_for(writer), meeting, "analyza.pdf", PDF).status_code == 302
    attachment = MeetingAttachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)  # lost from storage (or not restored from a backup)
    download = reverse("workgroups:attachment_download", args=["ostrava", meeting.pk, attachment.pk])
    assert client_for(writer).get(download).status_code == 404
