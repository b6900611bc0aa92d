"""The signer protocol and the values it speaks in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

# The first line of every signature block (the document's language is Indonesian).
STAMP_HEADING = "Ditandatangani secara elektronik oleh"
# Signer keys name files in the data directory and entries of the key cache.
_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class VisibleBox:
    """Where the visible signature block goes: a page (1 = first; -1 = last, -2 the one before)
    and a rectangle in PDF points (1/72 inch) measured from the page's lower-left corner."""

    page: int
    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        if self.page == 0:
            raise ValueError("VisibleBox.page counts from 1 (or from -1 for the last page).")
        if self.width <= 0 or self.height <= 0 or self.x < 0 or self.y < 0:
            raise ValueError("VisibleBox needs a positive size inside the page.")

    @property
    def page_index(self) -> int:
        """The page as a 0-based index (negative ones count from the end), as pyHanko wants."""
        return self.page - 1 if self.page > 0 else self.page

    def corners(self) -> tuple[int, int, int, int]:
        """(lower-left x, lower-left y, upper-right x, upper-right y), rounded to points."""
        return (round(self.x), round(self.y), round(self.x + self.width),
                round(self.y + self.height))


@dataclass(frozen=True)
class SignerDescription:
    """What the signature block says about the person signing."""

    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class SignerProfile:
    """A person who signs: `key` identifies them to the backend (file names, the key cache), the
    rest is printed in the signature block and, for the development PKI, in their certificate.
    `nik` is what a remote service such as BSrE knows them by."""

    key: str
    name: str
    title: str
    organisation: str
    nik: str = ""

    def __post_init__(self) -> None:
        if not _KEY_RE.match(self.key):
            raise ValueError(
                f"Signer key {self.key!r}: use letters, digits, '.', '_' or '-' (at most 100).")
        if not self.name.strip():
            raise ValueError("A signer needs a name.")

    def describe(self) -> SignerDescription:
        return SignerDescription(name=self.name, title=self.title, organisation=self.organisation)


class Signer(Protocol):
    """Adds a PAdES signature of one person to PDF documents.

    Implementations: `dev.DevSigner` (the development PKI), `pkcs12.Pkcs12Signer` (a PKCS#12
    file per signer), `remote.RemoteSigner` (a BSrE-style signing service). Every call takes the
    signer's passphrase: a wrong one raises `WrongPassphrase` and nothing is produced.
    """

    def describe(self) -> SignerDescription:
        """The name, title and organisation shown on the signature block."""

    def unlock(self, *, passphrase: str) -> None:
        """Check the passphrase now, before any work that depends on the signature succeeding
        (local backends load the key; a remote service can only tell by signing, so nothing)."""

    def sign(self, pdf: bytes, *, passphrase: str, field: VisibleBox, reason: str,
             location: str) -> bytes:
        """The signed PDF: `pdf` plus an incremental update holding the signature and its
        visible block in `field`. Raises a `signing.errors.SigningError`."""
