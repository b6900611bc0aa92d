"""Uploaded documents are served only through this view, after a permission check."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase

from satupintu.accounts.models import User, UserKind
from satupintu.applications.selectors import document_for
from satupintu.audit.services import record
from satupintu.core.errors import NotFound
from satupintu.core.request import TenantRequest

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def document_file(request: TenantRequest, pk: int, document: int) -> HttpResponseBase:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assert isinstance(user, User)
    if user.kind == UserKind.OFFICER and not user.is_verified():  # type: ignore[attr-defined]
        return redirect_to_login(request.get_full_path())
    try:
        attached = document_for(tenant=request.tenant, user=user, application_pk=pk,
                                document_pk=document)
    except NotFound as exc:
        raise Http404 from exc
    upload = attached.upload
    if user.pk != attached.application.applicant_id:
        # Someone other than the applicant opened a personal document: that read is recorded.
        with transaction.atomic():
            record(tenant=request.tenant, actor=user, action="application.document_view",
                   obj=attached.application,
                   after={"requirement": attached.requirement_code, "sha256": upload.sha256})
    response = FileResponse(upload.file.open("rb"), content_type=upload.content_type)
    extension = EXTENSIONS.get(upload.content_type, "bin")
    response["Content-Disposition"] = f'inline; filename="{attached.requirement_code}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
