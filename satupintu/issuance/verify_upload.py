"""The one check of a PDF uploaded for verification, for the page and the API alike.

Only the content decides (a PDF starts with `%PDF-`), never the name or the declared type; the
file is read into memory to be hashed and validated, never stored.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import ValidationFailed

# Issued permits are a few hundred kilobytes; scans of them attached by mistake stay well under.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def read_pdf(file: UploadedFile[bytes] | None) -> bytes:
    """The uploaded file's bytes, or ValidationFailed (422) saying why it cannot be checked."""
    if file is None:
        raise ValidationFailed(_("Choose a PDF file to check."), code="file_missing")
    if file.size is not None and file.size > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(_("The file is larger than 20 MB; a permit is much smaller."),
                               code="file_too_large",
                               details={"max_bytes": MAX_DOCUMENT_BYTES})
    head: bytes = file.read(len(PDF_MAGIC))
    if head != PDF_MAGIC:
        raise ValidationFailed(_("This file is not a PDF. Upload the permit as a PDF file."),
                               code="not_pdf")
    data: bytes = head + file.read(MAX_DOCUMENT_BYTES + 1 - len(PDF_MAGIC))
    if len(data) > MAX_DOCUMENT_BYTES:  # a size the upload did not declare
        raise ValidationFailed(_("The file is larger than 20 MB; a permit is much smaller."),
                               code="file_too_large",
                               details={"max_bytes": MAX_DOCUMENT_BYTES})
    return data
