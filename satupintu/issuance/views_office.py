"""The signer's pages: sign a file's permit, sign several at once, read the draft, download
the signed permit, correct an issued one. Thin: parse, call one service, redirect with a
message. Mounted at /petugas/tanda-tangan/ (urls_office)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.accounts.models import User
from satupintu.backoffice.views import OFFICER_ROLES
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError
from satupintu.core.request import TenantRequest
from satupintu.issuance import services
from satupintu.issuance.lifecycle import permit_download_recorded
from satupintu.issuance.selectors_office import awaiting_signature, permit_for_officer
from satupintu.signing.errors import SignerUnavailable
from satupintu.workflow.models import Case
from satupintu.workflow.permissions import may_see_case

MAX_PASSPHRASE = 200


def _user(request: TenantRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _signer_only(request: TenantRequest) -> User:
    user = _user(request)
    if not services.may_sign(user, request.tenant):
        raise DjangoPermissionDenied
    return user


def _case(request: TenantRequest, case_id: int) -> Case:
    case = Case.objects.select_related("tenant").filter(pk=case_id,
                                                        tenant=request.tenant).first()
    if case is None or not may_see_case(request.user, case):  # type: ignore[arg-type]
        raise Http404
    return case


def _passphrase(request: TenantRequest) -> str:
    return request.POST.get("passphrase", "")[:MAX_PASSPHRASE]


def _id(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) <= 12 else None


def _version(request: TenantRequest, name: str = "version") -> int:
    return _id(request.POST.get(name, "")) or 0


def _failed(request: TenantRequest, exc: DomainError) -> None:
    if isinstance(exc, SignerUnavailable):
        # What the file page repeats from the attempt: when, and that trying later is right.
        messages.error(request, _("The signing service was unavailable at %(time)s; nothing was "
                                  "numbered or lost. Try again later.") % {
            "time": timezone.localtime().strftime("%H:%M")})
        return
    messages.error(request, str(exc.message))


@officer_required(*OFFICER_ROLES)
@require_POST
def sign(request: TenantRequest, case_id: int) -> HttpResponse:
    """Sign one file's permit from its page."""
    user = _signer_only(request)
    case = _case(request, case_id)
    try:
        permit = services.permit_sign(case=case, actor=user, passphrase=_passphrase(request),
                                      expected_version=_version(request),
                                      note=request.POST.get("note", "")[:1000])
    except DomainError as exc:
        _failed(request, exc)
    else:
        messages.success(request, _("Signed: permit number %(number)s.") % {
            "number": permit.number})
    return redirect("backoffice:file", case_id=case.pk)


@never_cache
@officer_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def batch(request: TenantRequest) -> HttpResponse:
    """Files awaiting the signer's signature; several signed with one passphrase."""
    user = _signer_only(request)
    if request.method == "POST":
        chosen: list[tuple[Case, int]] = []
        wanted = request.POST.getlist("case")[: services.MAX_BATCH + 1]
        ids = [i for i in (_id(v) for v in wanted) if i is not None]
        found = {c.pk: c for c in Case.objects.select_related("tenant").filter(
            tenant=request.tenant, pk__in=ids)}
        for case_id in dict.fromkeys(ids):  # in the order ticked, each once
            case = found.get(case_id)
            if case is not None:
                chosen.append((case, _version(request, f"version_{case.pk}")))
        if not chosen:
            messages.error(request, _("Choose at least one file to sign."))
            return redirect("issuance:batch")
        try:
            results = services.permits_sign_batch(cases=chosen, actor=user,
                                                  passphrase=_passphrase(request))
        except DomainError as exc:
            _failed(request, exc)
            return redirect("issuance:batch")
        signed = [r.permit.number for r in results if r.permit is not None]
        if signed:
            messages.success(request, _("Signed %(count)s permits: %(numbers)s.") % {
                "count": len(signed), "numbers": ", ".join(signed)})
        for result in results:
            if result.error is not None:
                _failed(request, result.error)
        skipped = sum(1 for r in results if r.skipped)
        if skipped:
            messages.warning(request, _("%(count)s files were not attempted.") % {
                "count": skipped})
        return redirect("issuance:batch")
    return render(request, "issuance/sign_batch.html",
                  {"rows": awaiting_signature(tenant=request.tenant, user=user),
                   "max_batch": services.MAX_BATCH})


@never_cache
@officer_required(*OFFICER_ROLES)
def preview(request: TenantRequest, case_id: int) -> HttpResponse:
    """The unnumbered draft ("KONSEP") of the permit, for reading before signing."""
    case = _case(request, case_id)
    try:
        pdf = services.permit_preview(case=case, actor=_user(request))
    except DomainError as exc:
        if exc.http_status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
        return redirect("backoffice:file", case_id=case.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="konsep-izin-{case.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@officer_required(*OFFICER_ROLES)
def permit_file(request: TenantRequest, pk: int) -> HttpResponse:
    """The signed permit, for officers who may see its file."""
    user = _user(request)
    permit = permit_for_officer(tenant=request.tenant, user=user, pk=pk)
    if permit is None:
        raise Http404
    try:
        handle = permit.file.open("rb")
    except FileNotFoundError as exc:  # the storage lost it: say so, never a 500
        raise Http404 from exc
    permit_download_recorded(permit=permit, actor=user, via="office")
    response = FileResponse(handle, content_type="application/pdf",
                            as_attachment=True,
                            filename=f"izin-{permit.number.replace('/', '-')}.pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]  # a streaming HttpResponseBase


@never_cache
@officer_required(*OFFICER_ROLES)
@require_http_methods(["GET", "POST"])
def correct(request: TenantRequest, pk: int) -> HttpResponse:
    """Issue a corrected document that supersedes this permit (a new number)."""
    user = _signer_only(request)
    permit = permit_for_officer(tenant=request.tenant, user=user, pk=pk)
    if permit is None:
        raise Http404
    if request.method == "POST":
        try:
            new = services.permit_correct(permit=permit, actor=user,
                                          passphrase=_passphrase(request),
                                          reason=request.POST.get("reason", "")[:2000])
        except DomainError as exc:
            _failed(request, exc)
            if isinstance(exc.details, dict) and "reason" in exc.details:
                messages.error(request, str(exc.details["reason"]))
        else:
            messages.success(request, _("The corrected permit %(new)s supersedes %(old)s.") % {
                "new": new.number, "old": permit.number})
            case_id = permit.application.case_id
            return redirect("backoffice:file", case_id=case_id) if case_id else redirect(
                "issuance:batch")
    return render(request, "issuance/correct.html", {"permit": permit})
