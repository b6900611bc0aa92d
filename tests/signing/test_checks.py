"""`manage.py check` reports signing settings that cannot work; `signer_for` picks the backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from satupintu.signing.checks import signer_configured
from satupintu.signing.config import signer_for
from satupintu.signing.dev import DevSigner
from satupintu.signing.errors import SignerMisconfigured
from tests.signing.conftest import KADIS, IndependentCa


def _check_errors() -> str:
    with pytest.raises(SystemCheckError) as raised:
        call_command("check")
    return str(raised.value)


def test_check_refuses_pkcs12_without_a_directory(settings: Any) -> None:
    settings.SATUPINTU_SIGNER = "pkcs12"
    settings.SATUPINTU_SIGNER_PKCS12_DIR = ""
    errors = _check_errors()
    assert "signing.E001" in errors
    assert "SATUPINTU_SIGNER=pkcs12 needs SATUPINTU_SIGNER_PKCS12_DIR" in errors
    with pytest.raises(SignerMisconfigured):  # never a search of the working directory
        signer_for(KADIS)


def test_check_refuses_a_pkcs12_directory_that_is_not_there(settings: Any,
                                                            tmp_path: Path) -> None:
    settings.SATUPINTU_SIGNER = "pkcs12"
    settings.SATUPINTU_SIGNER_PKCS12_DIR = str(tmp_path / "absent")
    assert "is not a directory" in _check_errors()


def test_check_refuses_a_remote_signer_over_plain_http(settings: Any) -> None:
    settings.SATUPINTU_SIGNER = "remote"
    settings.SATUPINTU_SIGNER_REMOTE_URL = "http://esign.bsre.example.go.id"
    assert "must be an https:// URL" in _check_errors()
    with pytest.raises(SignerMisconfigured):
        signer_for(KADIS)


def test_check_refuses_unreadable_trust_roots(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nAAAA\n")
    settings.SATUPINTU_SIGNING_TRUST_ROOTS = [str(tmp_path / "absent.pem"),
                                              str(tmp_path / "broken.pem")]
    errors = _check_errors()
    assert "absent.pem" in errors
    assert "broken.pem" in errors


def test_check_refuses_the_dev_signer_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.SATUPINTU_SIGNER = "dev"
    assert "SATUPINTU_SIGNER=dev" in _check_errors()


def test_a_working_configuration_passes(settings: Any, tmp_path: Path,
                                        test_ca: IndependentCa) -> None:
    root = test_ca.root.certificate
    (tmp_path / "bsre.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "bsre.der").write_bytes(root.public_bytes(serialization.Encoding.DER))
    settings.SATUPINTU_SIGNER = "pkcs12"
    settings.SATUPINTU_SIGNER_PKCS12_DIR = str(tmp_path)
    settings.SATUPINTU_SIGNING_TRUST_ROOTS = [str(tmp_path / "bsre.pem"),
                                              str(tmp_path / "bsre.der")]
    assert signer_configured(None) == []
    settings.SATUPINTU_SIGNER = "remote"
    settings.SATUPINTU_SIGNER_REMOTE_URL = "https://esign.bsre.example.go.id"
    assert signer_configured(None) == []
    settings.SATUPINTU_SIGNER = "dev"
    assert signer_configured(None) == []
    assert isinstance(signer_for(KADIS), DevSigner)
