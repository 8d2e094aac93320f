"""Documents are what they claim, all the way through (issue 25, findings 3
and 4): every upload is decoded whole by the library of its format before
it is stored.  A polyglot (a real file with a web page behind it, or a
signature with a web page instead of a file), a truncated file, an image
too large to decode, and a PDF with active content are each a 422 naming
what was wrong, and nothing is stored or audited.  What a good scan was
found to be (an image's width and height, a PDF's pages) is stored and
shown to the auditor."""

import base64

import pytest
from bson import ObjectId

import scans
from api import auditor, customer, document

JS = "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"

REFUSED = [
    ("png polyglot", scans.image("PNG") + b"<html><script>alert(1)</script></html>",
     "The PNG image has data after its end"),
    ("jpeg polyglot", scans.image("JPEG") + b"<html><script>alert(1)</script></html>",
     "The JPEG image has data after its end"),
    ("webp polyglot", scans.image("WEBP") + b"<html></html>",
     "The WebP image has data after its end"),
    ("pdf polyglot", scans.pdf() + b"<html><script>alert(1)</script></html>",
     "The PDF is incomplete or has data after its end"),
    ("png signature, then html", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
     "The PNG image is damaged or incomplete"),
    ("pdf header, then html", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
     "The PDF cannot be read"),
    ("riff webp, then html", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"<html></html>" * 3,
     "The WebP image"),
    ("truncated png", scans.image("PNG", 200, 200, noise=True)[:-200],
     "The PNG image is damaged or incomplete"),
    ("truncated jpeg", scans.image("JPEG", 200, 200, noise=True)[:-200],
     "The JPEG image is damaged or incomplete"),
    ("truncated webp", scans.image("WEBP", 200, 200, noise=True)[:-200],
     "The WebP image is damaged or incomplete"),
    ("too wide png", scans.image("PNG", 12001, 2), "The image is too large"),
    ("open action js", scans.pdf(catalog="/OpenAction " + JS), "The PDF contains JavaScript"),
    ("page action prompt", scans.pdf(page="/AA << /O " + JS + " >>"),
     "The PDF contains actions that run on events"),
    ("javascript name tree", scans.pdf(catalog="/Names << /JavaScript << /Names [(a) " + JS
                                       + "] >> >>"), "The PDF contains JavaScript"),
    ("launch", scans.pdf(catalog="/OpenAction << /S /Launch /F (calc.exe) >>"),
     "The PDF contains an action that launches a program"),
    ("submit form", scans.pdf(page="/Annots [<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] "
                              "/A << /S /SubmitForm /F (http://127.0.0.2/) >> >>]"),
     "The PDF contains an action that sends data"),
    ("embedded file", scans.pdf(catalog="/Names << /EmbeddedFiles << /Names [(x.exe) << /Type "
                                "/Filespec /F (x.exe) >>] >> >>"),
     "The PDF contains embedded files"),
    ("xfa", scans.pdf(catalog="/AcroForm << /Fields [] /XFA (<xdp/>) >>"),
     "The PDF contains an XFA form"),
    ("rich media", scans.pdf(page="/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>]"),
     "The PDF contains rich media"),
    ("js in an object stream", scans.pdf_with_object_stream(JS, referenced=False),
     "The PDF contains JavaScript"),
    ("open action in an object stream", scans.pdf_with_object_stream(JS),
     "The PDF contains"),
]


def counts(stack):
    return stack.counts(("kyc_doc", "kyc_document", "kyc_upload", "user_log"))


@pytest.mark.parametrize("name,data,why", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_that_is_not_what_it_claims_is_refused(stack, name, data, why):
    _, auth = customer(stack)
    before = counts(stack)
    r = stack.post("/kyc/upload", headers=auth, json=dict(
        document("pan"), document_data=base64.b64encode(data).decode()))
    assert r.status_code == 422, (name, r.text)
    item, = r.json()["detail"]
    assert item["loc"] == ["body", "document_data"] and item["type"] == "value_error"
    assert item["msg"].startswith(why), (name, item["msg"])
    assert counts(stack) == before


GOOD = [
    ("png", scans.image("PNG", 640, 400), "image/png", {"document_width": 640,
                                                         "document_height": 400}),
    ("interlaced png", scans.image("PNG", 33, 17, interlace=1), "image/png",
     {"document_width": 33, "document_height": 17}),
    ("jpeg", scans.image("JPEG", 800, 600), "image/jpeg", {"document_width": 800,
                                                           "document_height": 600}),
    ("progressive jpeg", scans.image("JPEG", 1200, 900, progressive=True), "image/jpeg",
     {"document_width": 1200, "document_height": 900}),
    ("lossy webp", scans.image("WEBP", 300, 200), "image/webp",
     {"document_width": 300, "document_height": 200}),
    ("lossless webp", scans.image("WEBP", 300, 200, lossless=True), "image/webp",
     {"document_width": 300, "document_height": 200}),
    ("pdf", scans.pdf(), "application/pdf", {"document_pages": 1}),
    ("pdf with a link and a jump", scans.pdf(
        catalog="/OpenAction [3 0 R /Fit]",
        page="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI "
             "/URI (https://example.com/) >> >>]"), "application/pdf", {"document_pages": 1}),
    ("pdf with an object stream", scans.pdf_with_object_stream(
        "<< /S /GoTo /D [3 0 R /Fit] >>"), "application/pdf", {"document_pages": 1}),
]


@pytest.mark.parametrize("name,data,media,found", GOOD, ids=[g[0] for g in GOOD])
def test_a_good_scan_is_stored_with_what_it_was_found_to_be(stack, name, data, media, found):
    _, auth = customer(stack)
    _, aauth = auditor(stack)
    r = stack.post("/kyc/upload", headers=auth, json=dict(
        document("pan"), document_data=base64.b64encode(data).decode()))
    assert r.status_code == 200, (name, r.text)
    kid = r.json()["kyc_id"]
    kyc = stack.db["kyc_doc"].find_one({"_id": ObjectId(kid)})
    assert kyc["media_type"] == media
    for key in ("document_width", "document_height", "document_pages"):
        assert kyc.get(key) == found.get(key), (name, key)
    shown = stack.get(f"/kyc/{kid}", headers=aauth).json()
    for key in ("document_width", "document_height", "document_pages"):
        assert shown.get(key) == found.get(key), (name, key)


def test_text_documents_have_no_dimensions(stack):
    _, auth = customer(stack)
    _, aauth = auditor(stack)
    r = stack.post("/kyc/upload", headers=auth,
                   json=dict(document("pan"), document_data="Passport of Jane Roe"))
    assert r.status_code == 200
    shown = stack.get(f"/kyc/{r.json()['kyc_id']}", headers=aauth).json()
    assert shown["media_type"] == "text/plain"
    assert not {"document_width", "document_height", "document_pages"} & set(shown)
