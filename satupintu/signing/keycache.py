"""Unlocked signing keys kept in memory, with a cheap passphrase check on every use.

Decrypting a signer's key (PBKDF2 of the encrypted PKCS#8 or PKCS#12, then RSA key checks) costs
tens of milliseconds, more than the signature itself; reloading per signature was measured to
cut throughput several times over. So the first successful unlock keeps the loaded key, and
with it a salted scrypt hash of the passphrase that unlocked it. Later calls compare the
passphrase they are given against that hash (`hmac.compare_digest`) instead of decrypting again:
a signer still confirms every signature, a wrong passphrase is refused without touching the key,
and a right one costs a few milliseconds.

The hash is deliberately light (scrypt n=2**11, ~3 ms): it lives only in this process, next to
the decrypted key itself, so whoever can read it already holds the key; its strength only keeps
the passphrase (which people reuse) from being read back cheaply. Entries are keyed by the
backend's identity for the signer and remember the files they came from (device, inode, size,
mtime): a replaced or re-encrypted key file is loaded afresh with the new passphrase.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from satupintu.signing.errors import WrongPassphrase

T = TypeVar("T")

_SCRYPT = {"n": 2**11, "r": 8, "p": 1, "maxmem": 16 * 1024 * 1024, "dklen": 32}
Fingerprint = tuple[tuple[int, int, int, int], ...]


def _digest(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode(), salt=salt, **_SCRYPT)


def fingerprint(paths: Sequence[Path]) -> Fingerprint:
    """What identifies the current content of the key files (a missing file raises OSError)."""
    stats = [path.stat() for path in paths]
    return tuple((s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns) for s in stats)


@dataclass
class _Entry(Generic[T]):
    source: Fingerprint
    salt: bytes
    digest: bytes
    material: T


class UnlockedKeys(Generic[T]):
    """A process-wide cache of unlocked signers. `loads` counts real decryptions."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry[T]] = {}
        self._lock = threading.Lock()
        self.loads = 0

    def get(self, identity: str, passphrase: str, source: Fingerprint,
            load: Callable[[str], T]) -> T:
        """The unlocked material for `identity`; `load(passphrase)` decrypts it when it is not
        held yet (or its files changed) and must raise WrongPassphrase on a wrong one."""
        entry = self._entries.get(identity)
        if entry is None or entry.source != source:
            # One decryption at a time: two first signatures of one signer load it once.
            with self._lock:
                entry = self._entries.get(identity)
                if entry is None or entry.source != source:
                    material = load(passphrase)
                    self.loads += 1
                    salt = os.urandom(16)
                    entry = _Entry(source=source, salt=salt,
                                   digest=_digest(passphrase, salt), material=material)
                    self._entries[identity] = entry
                    return material
        if not hmac.compare_digest(_digest(passphrase, entry.salt), entry.digest):
            raise WrongPassphrase()
        return entry.material

    def forget(self, identity: str) -> None:
        """Drop one signer's key (e.g. when the officer leaves)."""
        with self._lock:
            self._entries.pop(identity, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# The one cache the local backends share (identities are prefixed by backend).
unlocked_keys: UnlockedKeys[object] = UnlockedKeys()
