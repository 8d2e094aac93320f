"""Real scans of every accepted format, for the tests and the benchmarks: the
service decodes each upload whole (base/scan.h), so a test document must be
a real file of its kind.  PDFs are written here byte by byte (any size, any
actions in their catalog or page, for the hostile ones); images by Pillow."""

import io
import os


def pdf(size=None, text="identity document", catalog="", page=""):
    """A one-page PDF with a black box and a line of text; catalog and page
    are extra entries of those dictionaries (raw PDF syntax).  With size,
    an unreferenced stream of random bytes pads it to exactly size bytes."""
    content = b"0 0 0 rg 40 600 300 120 re f BT /F1 18 Tf 40 560 Td (%s) Tj ET" % text.encode()
    pad = 0
    while True:
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog.encode() + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> " + page.encode() + b" >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        if size is not None:
            objects.append(b"<< /Length %d >>\nstream\n" % pad + os.urandom(pad) + b"\nendstream")
        out, offsets = b"%PDF-1.7\n", []
        for i, o in enumerate(objects):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                % (len(objects) + 1, xref))
        if size is None or len(out) == size:
            return out
        if len(out) > size and pad == 0:
            raise ValueError(f"a PDF cannot be as small as {size} bytes")
        pad = max(0, pad + size - len(out))


def image(fmt="PNG", width=64, height=48, noise=False, **save):
    """An image of width x height in fmt (PNG, JPEG, WEBP): a gradient, or
    random pixels with noise (which do not compress: a large file)."""
    from PIL import Image
    if noise:
        img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        img = Image.new("RGB", (width, height))
        img.putdata([((x * 4) % 256, (y * 4) % 256, 128) for y in range(height) for x in range(width)])
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def pdf_with_object_stream(action, referenced=True):
    """A one-page PDF with object 6 (raw PDF syntax: an action) inside an
    object stream (obj 7) that only a cross-reference stream (obj 8) points
    into: what a reader of the file's top-level objects would miss.  The
    catalog's /OpenAction is object 6 when referenced."""
    content = b"0 0 0 rg 40 600 300 120 re f"
    head = b"6 0 "
    objstm_data = head + action.encode()
    top = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + (b"/OpenAction 6 0 R " if referenced else b"") + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Producer (smartbank tests) >>",
        7: b"<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n" % (len(head), len(objstm_data))
           + objstm_data + b"\nendstream",
    }
    out, offsets = b"%PDF-1.7\n", {}
    for num, body in top.items():
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    offsets[8] = len(out)

    def entry(kind, a, b):
        return bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
    rows = [entry(0, 0, 65535)]
    for num in range(1, 9):
        rows.append(entry(2, 7, 0) if num == 6 else entry(1, offsets[num], 0))
    data = b"".join(rows)
    out += (b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % len(data) + data + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[8]
    return out
