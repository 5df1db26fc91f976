"""The written-authority upload (type by content, size limit, kept outside the web root)
and the PDF copy of a sent request, read back."""

from __future__ import annotations

import gc
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from webapp.models import Request, db

from .journeys import REPRESENTATIVE_LATE, VICTIM_CPS

AUTHORITY = "/requests/vrr/authority"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def representative(client_request, seed_answers, app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    seed_answers({**REPRESENTATIVE_LATE, "has_written_authority": False})
    client_request.submit("/results", form_action="/requests/vrr/start")
    client_request.submit("/requests/vrr/your-details", {"full_name": "Sam Support", "victim_name": "Vic Tim"})
    return client_request


def _upload(client_request, content: bytes, name: str, confirm: bool = True):
    data = {"authority_file": (io.BytesIO(content), name)}
    if confirm:
        data["authority"] = "now"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client_request.client.get(AUTHORITY).get_data(as_text=True))
    data["csrf_token"] = token.group(1)
    return client_request.client.post(AUTHORITY, data=data, content_type="multipart/form-data")


def _error(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [m.strip() for m in re.findall(r'govuk-error-message">\s*<span[^>]*>[^<]*</span>([^<]*)', html)]


def test_upload_step_only_for_someone_acting_for_a_victim(representative, client_request):
    page = representative.get(AUTHORITY)
    assert page.select_one("main form")["enctype"] == "multipart/form-data"
    assert page.select_one("input[type=file]")["name"] == "authority_file"


@pytest.mark.parametrize(("content", "name"), [(PDF, "letter.pdf"), (PNG, "photo.png"), (JPEG, "scan.jpg"),
                                               (PDF, "no-extension")])
def test_upload_accepts_pdf_png_and_jpeg_by_content(representative, app, content, name):
    response = _upload(representative, content, name)
    assert response.status_code == 303 and response.headers["Location"] == "/requests/vrr/contact"
    stored = list(Path(app.config["UPLOAD_FOLDER"]).iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == content
    assert name not in stored[0].name  # a random name, never the person's file name
    assert not str(stored[0]).startswith(str(Path(app.root_path) / "static"))


@pytest.mark.parametrize(("content", "name"), [
    (b"MZ\x90\x00\x03" + b"\x00" * 64, "authority.pdf"),  # a Windows executable, renamed
    (b"\x7fELF" + b"\x00" * 64, "authority.png"),
    (b"<html><script>alert(1)</script>", "authority.jpg"),
])
def test_upload_refuses_other_content_whatever_its_name(representative, app, content, name):
    response = _upload(representative, content, name)
    assert response.status_code == 200
    assert _error(response) == ["The selected file must be a PDF, JPG or PNG"]
    assert not Path(app.config["UPLOAD_FOLDER"]).exists() or not list(Path(app.config["UPLOAD_FOLDER"]).iterdir())


# Werkzeug's test client spools a multipart body over 500 KB to a temporary file that it
# never closes (seen with a bare Flask app too): that warning is the client's, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_upload_too_large_is_a_field_error_not_a_crash(representative, app):
    response = _upload(representative, PDF + b"0" * (app.config["UPLOAD_MAX_BYTES"] + 1), "big.pdf")
    assert response.status_code == 200
    assert _error(response) == ["The selected file must be smaller than 5 MB"]
    assert "Error:" in response.get_data(as_text=True).split("<title>")[1].split("</title>")[0]
    del response
    gc.collect()  # let the client's temporary file go here, where its warning is filtered


def test_upload_requires_saying_whether_the_permission_is_held(representative):
    response = _upload(representative, PDF, "letter.pdf", confirm=False)
    assert _error(response) == ["Select whether you have the victim's written permission"]


def test_pdf_copy_holds_the_reference_office_and_dates(client_request, seed_answers, app):
    seed_answers(VICTIM_CPS)
    client_request.submit("/results", form_action="/requests/vrr/start")
    client_request.submit("/requests/vrr/your-details", {"full_name": "Alex Example"})
    client_request.submit("/requests/vrr/contact", {"preferred": "email", "email": "alex@example.com",
                                                    "safe": ["email"]})
    client_request.submit("/requests/vrr/support", {"language": "en"})
    client_request.submit("/requests/vrr/case", {"wrote": "london_north"})
    client_request.submit("/requests/vrr/check", form_action="/requests/vrr/send")
    response = client_request.client.get("/requests/sent/copy.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    with app.app_context():
        sent = db.session.query(Request).one()
    assert sent.reference in text
    assert "CPS London North" in text
    assert "Friday 4 December 2026" in text  # local review due: 22 Nov 2026 + 10 working days
    assert "Alex Example" in text
    assert "020 3357 0899" in text and "enquiries@cps.gov.uk" in text  # VRR 49


def test_pdf_copy_needs_a_sent_request(client_request):
    assert client_request.client.get("/requests/sent/copy.pdf").status_code == 404
