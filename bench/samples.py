"""Tiny valid files (bytes only, no Django import): used by the dataset's stored blobs and by
the load generator's uploads."""

import base64

# 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)
LOG = (
    b"2026-01-15T10:42:01Z INFO DMP alimentation: document 1.2.250.1.213.1.1.1 envoye\n"
    b"2026-01-15T10:42:02Z INFO DMP acquittement recu (code 0)\n"
)
# An MP4 "ftyp" box: enough for the type check by content.
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
MP4 = MP4_HEADER + b"\x00" * 64
