"""A permit's status as verification reports it, from the register row and a date."""

from __future__ import annotations

import datetime as dt

from satupintu.issuance.models import Permit, PermitStatus


def permit_status(permit: Permit, today: dt.date) -> PermitStatus:
    """Revoked wins over everything (it is an act of the office), then superseded by a
    correction, then expired (the day after `valid_until`), else valid."""
    if permit.revoked_at is not None:
        return PermitStatus.REVOKED
    if hasattr(permit, "superseded_by"):  # the reverse one-to-one exists only when set
        return PermitStatus.SUPERSEDED
    if permit.valid_until is not None and today > permit.valid_until:
        return PermitStatus.EXPIRED
    return PermitStatus.VALID


def masked_name(name: str) -> str:
    """An individual's name as the public may see it: each word's first letter and the rest
    starred (`Budi Santoso` → `B*** S******`); titles and short words keep their first
    letter only. Businesses' names are public and are shown whole by the caller."""
    return " ".join(word[0] + "*" * (len(word) - 1) if word else word
                    for word in name.split())
