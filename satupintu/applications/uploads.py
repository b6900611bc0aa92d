"""Checking uploaded files by their content, never by their name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from satupintu.catalog.models import Requirement
from satupintu.core.errors import ValidationFailed

# Magic bytes of the only types accepted (catalog FileType): PDF, JPEG, PNG.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]
MAX_NAME = 120


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    size: int
    sha256: str
    name: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind, content_type in SIGNATURES:
        if head.startswith(signature):
            return kind, content_type
    return None


def safe_name(name: str) -> str | None:
    """The file's name as data, or None for a name that tries to be a path (`../x`, `a/b`,
    control characters): such an upload is refused, not repaired."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or re.search(r"[/\\\x00-\x1f\x7f]|\.\.", name):
        return None
    return name[:MAX_NAME]


def check_upload(file: UploadedFile[bytes], requirement: Requirement) -> CheckedFile:
    """Accept the file for this requirement or raise a message that names the requirement."""
    return check_file(file, allowed=set(requirement.file_types or []),
                      max_bytes=(requirement.max_size_kb or 0) * 1024, label=requirement.name,
                      code=requirement.code)


def check_file(file: UploadedFile[bytes], *, allowed: set[str], max_bytes: int, label: str,
               code: str) -> CheckedFile:
    """Accept a file whose content is one of `allowed` kinds (pdf, jpg, png) within the size,
    or raise ValidationFailed naming `label`, with `details={code: why}`."""
    size = file.size or 0
    name = safe_name(file.name or "")
    # `unsafe_name`: the browser sent a path, which Django's parser cut (core/uploads.py).
    if name is None or getattr(file, "unsafe_name", False):
        raise ValidationFailed(
            _("%(requirement)s: the file name is not acceptable; rename the file and try again.")
            % {"requirement": label}, details={code: "name"})
    if size == 0:
        raise ValidationFailed(_("%(requirement)s: the file is empty.") % {"requirement": label},
                               details={code: "empty"})
    if max_bytes and size > max_bytes:
        raise ValidationFailed(
            _("%(requirement)s: the file is larger than the %(limit)s KB allowed.")
            % {"requirement": label, "limit": max_bytes // 1024},
            details={code: "too_large"})
    file.seek(0)
    found = sniff(file.read(16))
    if found is None or found[0] not in allowed:
        raise ValidationFailed(
            _("%(requirement)s: only %(types)s files are accepted, and this file is not one.")
            % {"requirement": label, "types": ", ".join(t.upper() for t in sorted(allowed))},
            details={code: "type"})
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(kind=found[0], content_type=found[1], size=size,
                       sha256=digest.hexdigest(), name=name)
