"""Keys stay unlocked in memory between signatures, and a replaced key file is picked up."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12

from satupintu.signing import dev
from satupintu.signing.errors import WrongPassphrase
from satupintu.signing.keycache import UnlockedKeys, fingerprint
from satupintu.signing.pkcs12 import Pkcs12Signer
from satupintu.signing.validation import validate_pdf
from tests.signing.certs import p12
from tests.signing.conftest import (
    KADIS,
    P12_PASSPHRASE,
    PASSPHRASE,
    SITI,
    DevPki,
    IndependentCa,
    sign_kwargs,
)


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
              counts: Callable[..., bool] = lambda *a, **k: True) -> list[int]:
    """Replace `module.name` by a wrapper that counts the calls `counts` accepts."""
    calls = [0]
    original = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        if counts(*args, **kwargs):
            calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_a_pkcs12_key_is_decrypted_once_and_a_new_file_is_picked_up(
        tmp_path: Path, pdf: bytes, test_ca: IndependentCa,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "siti.p12"
    path.write_bytes(p12(test_ca.signer, test_ca.root, P12_PASSPHRASE))
    decryptions = _counting(monkeypatch, crypto_pkcs12, "load_key_and_certificates")
    reads = _counting(monkeypatch, Path, "read_bytes", lambda self: self == path)
    signer = Pkcs12Signer(SITI, path, keys=UnlockedKeys())
    roots = [test_ca.root.certificate]

    first = signer.sign(pdf, passphrase=P12_PASSPHRASE, **sign_kwargs())
    second = signer.sign(pdf, passphrase=P12_PASSPHRASE, **sign_kwargs())
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase="salah", **sign_kwargs())
    assert (decryptions[0], reads[0]) == (1, 1)
    assert validate_pdf(first, trust_roots=roots).signer_name == "Siti Aminah"
    assert validate_pdf(second, trust_roots=roots).valid

    # The administrator installs a renewed certificate with a new key and passphrase.
    path.write_bytes(p12(test_ca.other_signer, test_ca.root, "kunci-baru"))
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase=P12_PASSPHRASE, **sign_kwargs())
    renewed = signer.sign(pdf, passphrase="kunci-baru", **sign_kwargs())
    assert validate_pdf(renewed, trust_roots=roots).signer_name == "Rudi Hartono"
    signer.sign(pdf, passphrase="kunci-baru", **sign_kwargs())
    assert decryptions[0] == 3  # the refused old passphrase, then the new one once


def test_a_dev_key_is_decrypted_once_and_a_new_passphrase_is_picked_up(
        dev_pki: DevPki, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    directory = tmp_path / "pki"
    shutil.copytree(dev_pki.directory, directory)
    decryptions = _counting(monkeypatch, serialization, "load_pem_private_key",
                            lambda data, password, **kw: password is not None)
    keys: UnlockedKeys[object] = UnlockedKeys()
    signer = dev.DevSigner(KADIS, directory=directory, keys=keys)
    for _ in range(3):
        signed = signer.sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    assert decryptions[0] == 1
    assert keys.loads == 1
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid

    # The signer changes their passphrase: the key file is encrypted again.
    key_file = directory / "signers" / f"{KADIS.key}.key"
    key = serialization.load_pem_private_key(key_file.read_bytes(), PASSPHRASE.encode())
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"frasa-baru")))
    with pytest.raises(WrongPassphrase):
        signer.sign(pdf, passphrase=PASSPHRASE, **sign_kwargs())
    signed = signer.sign(pdf, passphrase="frasa-baru", **sign_kwargs())
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid
    assert keys.loads == 2


def _source(tmp_path: Path) -> Any:
    path = tmp_path / "key"
    path.write_bytes(b"k")
    return fingerprint([path])


def test_a_refused_load_is_not_kept(tmp_path: Path) -> None:
    keys: UnlockedKeys[str] = UnlockedKeys()
    source = _source(tmp_path)

    def load(passphrase: str) -> str:
        if passphrase != "benar":
            raise WrongPassphrase()
        return "key"

    with pytest.raises(WrongPassphrase):
        keys.get("x", "salah", source, load)
    assert keys.get("x", "benar", source, load) == "key"
    with pytest.raises(WrongPassphrase):
        keys.get("x", "salah", source, load)
    assert keys.loads == 1
    keys.forget("x")
    assert keys.get("x", "benar", source, load) == "key"
    assert keys.loads == 2


def test_concurrent_first_uses_load_once(tmp_path: Path) -> None:
    keys: UnlockedKeys[str] = UnlockedKeys()
    source = _source(tmp_path)
    calls: list[str] = []

    def slow_load(passphrase: str) -> str:
        calls.append(passphrase)
        time.sleep(0.05)
        return "key"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(
        keys.get("x", "benar", source, slow_load))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["key"] * 8
    assert calls == ["benar"]


def test_a_missing_key_file_has_no_fingerprint(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        fingerprint([tmp_path / "absent"])
