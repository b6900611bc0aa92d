"""Permit number formats: parsed from a whitelist, never evaluated; refused when saved."""

from __future__ import annotations

import pytest
from django.db import transaction

from satupintu.core.errors import ValidationFailed
from satupintu.issuance.models import PermitSequence
from satupintu.issuance.numbering import (
    NumberingFormatError,
    Placeholder,
    parse_format,
    render_number,
    take_sequence,
)
from satupintu.tenants.models import Tenant
from satupintu.tenants.services import tenant_update
from tests.personas import persona

VALUES = {"seq": 7, "width": 4, "service": "SIA", "unit": "DPMPTSP", "year": 2026, "month": 3}


@pytest.mark.parametrize(("fmt", "number"), [
    ("503/{seq}/{service}/DPMPTSP/{year}", "503/0007/SIA/DPMPTSP/2026"),
    ("{unit}.{year}.{month}.{seq}", "DPMPTSP.2026.03.0007"),
    ("IZIN-{seq}-{year}", "IZIN-0007-2026"),
    ("503 / {seq} / {year} (ü)", "503 / 0007 / 2026 (ü)"),
])
def test_good_formats_number_as_written(fmt: str, number: str) -> None:
    assert render_number(fmt, **VALUES) == number  # type: ignore[arg-type]


def test_the_sequence_is_padded_to_the_width_and_grows_past_it() -> None:
    assert render_number("{seq}/{year}", **{**VALUES, "width": 6}) == "000007/2026"  # type: ignore[arg-type]
    assert render_number("{seq}/{year}", **{**VALUES, "seq": 123456}) == "123456/2026"  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", [
    "{seq.__class__}/{year}",  # attribute access
    "{seq[0]}/{year}",  # index access
    "{0}/{seq}/{year}",  # positional
    "{}/{seq}/{year}",
    "{seq:>9}/{year}",  # format spec
    "{seq!r}/{year}",  # conversion
    "{SEQ}/{year}",  # case matters
    "{seq}/{year",  # unclosed
    "{seq}/{year}}",  # stray closing brace
    "{{seq}}/{year}",  # no escapes: braces are only for placeholders
    "503/{service}/{year}",  # no {seq}: every number of the year the same
    "503/{seq}/{service}",  # no {year}: numbers repeat next year
    "",
    "   ",
    "{seq}/{year}/\n",
    "{seq}/{year}/" + "x" * 200,
])
def test_bad_formats_are_refused_with_a_message(fmt: str) -> None:
    with pytest.raises(NumberingFormatError) as caught:
        parse_format(fmt)
    assert str(caught.value)


def test_placeholders_are_values_not_code() -> None:
    # A service code that looks like a placeholder is printed, not expanded.
    assert render_number("{service}/{seq}/{year}", **{**VALUES, "service": "{year}"}) == (  # type: ignore[arg-type]
        "{year}/0007/2026")
    assert parse_format("A{seq}B{year}") == ["A", Placeholder("seq"), "B", Placeholder("year")]


@pytest.mark.django_db
def test_a_bad_format_cannot_be_saved_by_the_tenant_service() -> None:
    tenant = Tenant.objects.get(code="llg")
    admin = persona("administrator")
    with pytest.raises(ValidationFailed) as caught:
        tenant_update(tenant=tenant, actor=admin, numbering_format="503/{seq.__class__}/{year}")
    assert "numbering_format" in caught.value.details
    tenant.refresh_from_db()
    assert tenant.numbering_format == "503/{seq}/{service}/DPMPTSP/{year}"
    tenant_update(tenant=tenant, actor=admin, numbering_format="503/{seq}/{unit}/{year}")
    tenant.refresh_from_db()
    assert tenant.numbering_format == "503/{seq}/{unit}/{year}"


@pytest.mark.django_db
def test_the_tenant_admin_form_refuses_a_bad_format(client: object) -> None:
    from django.test import Client

    from tests.personas import sign_in

    assert isinstance(client, Client)
    tenant = Tenant.objects.get(code="llg")
    sign_in(client, persona("administrator"))
    page = client.get(f"/admin/tenants/tenant/{tenant.pk}/change/")
    if page.status_code != 200:
        pytest.skip("the tenant is not editable in this admin")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["numbering_format"] = "{0}/{seq}/{year}"
    response = client.post(f"/admin/tenants/tenant/{tenant.pk}/change/", data)
    assert response.status_code == 200
    assert "numbering_format" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_the_sequence_counts_per_tenant_and_year_and_rolls_back() -> None:
    tenant = Tenant.objects.get(code="llg")
    with transaction.atomic():
        first = take_sequence(tenant_id=tenant.pk, year=2031)
        second = take_sequence(tenant_id=tenant.pk, year=2031)
    assert (first, second) == (1, 2)

    def failing_signature() -> None:
        with transaction.atomic():
            assert take_sequence(tenant_id=tenant.pk, year=2031) == 3
            raise RuntimeError("signing failed")

    with pytest.raises(RuntimeError):
        failing_signature()
    with transaction.atomic():
        assert take_sequence(tenant_id=tenant.pk, year=2031) == 3  # the rolled-back 3 again
        assert take_sequence(tenant_id=tenant.pk, year=2032) == 1
    assert PermitSequence.objects.get(tenant=tenant, year=2031).last == 3
