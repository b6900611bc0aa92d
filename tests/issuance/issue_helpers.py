"""Files awaiting signature and a development signer in a temporary data directory, for the
issuing tests (test_issue, test_signing_ui). Import the `signing_dir` fixture into a module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.issuance.document import signatory_for
from satupintu.issuance.models import Permit
from satupintu.issuance.services import signer_profile
from satupintu.signing.config import signer_for
from satupintu.tenants.selectors import one_stop_agency
from satupintu.workflow.models import Case
from tests.tracking.conftest import move, submit

PASSPHRASE = "Tanda-Tangan-Kadis-2026"


def kadis() -> User:
    return User.objects.get(username="kadis")


def awaiting_signature(service_code: str = "SIA") -> Application:
    """An application approved by the head of division: its file is in `signing`."""
    application = submit(service_code)
    application = move(application, "petugas.fo", "register")
    application = move(application, "verifikator", "forward_to_review")
    assert application.case is not None
    for branch in application.case.branches.select_related("agency"):
        application = move(application, _reviewer(branch.agency.code), "recommend",
                           agency=branch.agency.code, recommendation="approve_with_conditions",
                           conditions=f"Syarat dari {branch.agency.code}: papan nama dipasang")
    application = move(application, "verifikator", "submit_for_approval")
    application = move(application, "kabid", "approve")
    assert application.case is not None
    assert application.case.state == "signing"
    return application


def _reviewer(agency_code: str) -> str:
    return {"DINKES": "teknis.dinkes", "PUPR": "teknis.pupr"}[agency_code]


def case_of(application: Application) -> Case:
    assert application.case is not None
    return Case.objects.get(pk=application.case.pk)


def stored_bytes(permit: Permit) -> bytes:
    with default_storage.open(permit.file.name, "rb") as handle:
        return bytes(handle.read())


def enrol(user: User, passphrase: str = PASSPHRASE) -> None:
    """The development signer enrols a signer at their first unlock: do it with the right
    passphrase before any test tries a wrong one."""
    office = one_stop_agency(tenant=user.tenant)  # type: ignore[arg-type]
    signatory = signatory_for(user, office)
    signer_for(signer_profile(user, signatory, office.tenant)).unlock(passphrase=passphrase)


@pytest.fixture(scope="session")
def _signing_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("signing-data")


@pytest.fixture
def signing_dir(_signing_data_dir: Path, settings: Any, db: None) -> Path:
    """The development PKI (made once per session) in a temporary data directory, kadis
    enrolled with PASSPHRASE, and the development root trusted."""
    settings.DATA_DIR = str(_signing_data_dir)
    settings.SATUPINTU_SIGNER = "dev"
    enrol(kadis())
    return _signing_data_dir
