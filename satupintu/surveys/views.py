"""`/survei/`: the public survey pages (Bahasa Indonesia first), no account needed — the
landing page, an invitation's form, the counter's kiosk form and the thank-you page."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from satupintu.core.errors import DomainError, ValidationFailed
from satupintu.core.request import TenantRequest
from satupintu.surveys import selectors, services
from satupintu.surveys.elements import CODES, PROFILE_CHOICES, QUESTIONNAIRE
from satupintu.surveys.kiosk import KioskGrant, kiosk_grant, kiosk_hit, survey_hit

FORM = "surveys/form.html"
KIOSK = "surveys/kiosk.html"


def _posted(request: TenantRequest) -> dict[str, Any]:
    post = request.POST
    return {
        "answers": {code: post.get(code, "") for code in CODES},
        "profile": {name: post.get(name, "") for name in PROFILE_CHOICES},
        "suggestion": post.get("suggestion", ""),
    }


def _context(posted: dict[str, Any] | None = None, error: DomainError | None = None,
             **extra: Any) -> dict[str, Any]:
    posted = posted or {"answers": {}, "profile": {}, "suggestion": ""}
    problems = error.details if error is not None and isinstance(error.details, dict) else {}
    questions = [{"element": e, "number": i, "chosen": str(posted["answers"].get(e.code, "")),
                  "error": problems.get(e.code, ""),
                  "options": [(value, label) for value, label in enumerate(e.answers, 1)]}
                 for i, e in enumerate(QUESTIONNAIRE, 1)]
    profile = [{"name": name, "label": _PROFILE_LABELS[name], "choices": choices.choices,
                "chosen": posted["profile"].get(name, ""), "error": problems.get(name, "")}
               for name, choices in PROFILE_CHOICES.items()]
    return {"questions": questions, "profile": profile, "suggestion": posted["suggestion"],
            "suggestion_error": problems.get("suggestion", ""),
            "service_error": problems.get("service", ""),
            "error": error, **extra}


_PROFILE_LABELS: dict[str, Any] = {
    "sex": gettext_lazy("Sex"), "age_band": gettext_lazy("Age"),
    "education": gettext_lazy("Highest education"),
    "occupation": gettext_lazy("Main occupation"),
}


def _throttled(request: TenantRequest, template: str, wait: float,
               context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, {**context, "throttled": True}, status=429)
    response["Retry-After"] = str(math.ceil(wait))
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: TenantRequest) -> HttpResponse:
    """The landing page; on a kiosk device, the kiosk form."""
    grant = kiosk_grant(request, request.tenant)
    if grant is not None:
        return _kiosk(request, grant)
    # People paste the whole link as often as the code: keep its last path segment.
    code = request.GET.get("kode", "").strip().split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if code:
        return redirect("surveys:form", token=code[:services.MAX_TOKEN])
    return render(request, "surveys/index.html", {})


def _kiosk(request: TenantRequest, grant: KioskGrant) -> HttpResponse:
    services_offered = selectors.kiosk_services(tenant=request.tenant)
    base: dict[str, Any] = {"kiosk": True, "services": services_offered}
    if request.method != "POST":
        return render(request, KIOSK, _context(**base))
    posted = _posted(request)
    chosen = request.POST.get("service", "")
    wait = kiosk_hit(request)
    if wait is not None:
        return _throttled(request, KIOSK, wait, _context(posted, **base, chosen=chosen))
    service = services_offered.filter(code=chosen).first() if chosen else None
    try:
        if chosen and service is None:
            raise ValidationFailed(_("Some answers are missing or not valid."),
                                   details={"service": _("Choose one of the services listed.")})
        services.survey_respond(tenant=request.tenant, kiosk=grant, service=service,
                                **posted)
    except DomainError as exc:
        return render(request, KIOSK, _context(posted, exc, **base, chosen=chosen),
                      status=exc.http_status)
    return redirect(reverse("surveys:thanks") + "?kios=1")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def form(request: TenantRequest, token: str) -> HttpResponse:
    """An invitation's form: answered once, within its time."""
    invitation = selectors.invitation_by_token(tenant=request.tenant, token=token)
    if invitation is None:
        return render(request, "surveys/closed.html", {"reason": "not_found"}, status=404)
    if invitation.used_at is not None:
        return render(request, "surveys/closed.html", {"reason": "used"}, status=409)
    if invitation.expires_at <= timezone.now():
        return render(request, "surveys/closed.html", {"reason": "expired"}, status=409)
    base: dict[str, Any] = {"invitation": invitation, "token": token}
    if request.method != "POST":
        return render(request, FORM, _context(**base))
    posted = _posted(request)
    wait = survey_hit(request)
    if wait is not None:
        return _throttled(request, FORM, wait, _context(posted, **base))
    try:
        services.survey_respond(tenant=request.tenant, token=token, **posted)
    except DomainError as exc:
        if exc.http_status in (404, 409):
            reason = "not_found" if exc.http_status == 404 else "used"
            return render(request, "surveys/closed.html", {"reason": reason},
                          status=exc.http_status)
        return render(request, FORM, _context(posted, exc, **base), status=exc.http_status)
    return redirect("surveys:thanks")


@require_GET
def thanks(request: TenantRequest) -> HttpResponse:
    kiosk = request.GET.get("kios") == "1" and kiosk_grant(request, request.tenant) is not None
    return render(request, "surveys/thanks.html", {"kiosk": kiosk})
