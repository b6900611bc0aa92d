"""Letters the office sends about an application, rendered from its record: the rejection letter.

The applicant and the officers who may see the file open the same URL (the officer's file page
links to it); anyone else is told it does not exist.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase

from satupintu.accounts.models import User, UserKind
from satupintu.applications.rejection import rejection_letter as build_letter
from satupintu.applications.rejection import rejection_letter_pdf
from satupintu.applications.selectors import application_for
from satupintu.core.errors import NotFound
from satupintu.core.request import TenantRequest


def rejection_letter(request: TenantRequest, pk: int) -> HttpResponseBase:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assert isinstance(user, User)
    if user.kind == UserKind.OFFICER and not user.is_verified():  # type: ignore[attr-defined]
        return redirect_to_login(request.get_full_path())
    try:
        letter = build_letter(application_for(tenant=request.tenant, user=user, pk=pk))
    except NotFound as exc:
        raise Http404 from exc
    response = HttpResponse(rejection_letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="surat-penolakan-{letter.application.tracking_number}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response
