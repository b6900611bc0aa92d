"""The leaders' dashboard pages: the figures, and the files behind each one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from satupintu.accounts.models import Role, User
from satupintu.accounts.selectors import request_roles
from satupintu.calendars.selectors import local_date
from satupintu.core.decorators import officer_required
from satupintu.core.errors import DomainError, NotFound
from satupintu.core.request import TenantRequest
from satupintu.monitoring import figures, filters
from satupintu.monitoring.charts import chart_data
from satupintu.monitoring.labels import FIGURE_LABELS, role_label
from satupintu.monitoring.scope import DashboardScope, dashboard_scope
from satupintu.workflow.definitions import compiled
from satupintu.workflow.models import Case
from satupintu.workflow.selectors import pending_reviews

PAGE_SIZE = 50
FILE_FIGURES = ("received", "complete", "in_process", "decided", "approved", "rejected",
                "withdrawn", "issued", "fiktif_positif")
BACKLOG_FIGURES = (*(name for name, _low, _high in figures.BACKLOG_BUCKETS), "open", "overdue",
                   "overdue_legal")
ScopedView = Callable[..., HttpResponse]


def dashboard_required(view: ScopedView) -> ScopedView:
    """Officers of this region with a dashboard scope (`scope.dashboard_scope`), signed in
    with their second factor; the view receives the scope."""

    @officer_required(*Role)
    @wraps(view)
    def wrapper(request: TenantRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scope = dashboard_scope(request.user, request_roles(request))
        if scope is None or scope.tenant.pk != request.tenant.pk:
            return render(request, "errors/403.html", status=403)
        return view(request, scope, *args, **kwargs)

    return wrapper


def _query(request: TenantRequest, scope: DashboardScope) -> tuple[
        figures.FigureQuery | None, str]:
    """The query asked for, or None and the message saying what is wrong with the dates."""
    try:
        return filters.figure_query(scope, request.GET, local_date(request.tenant)), ""
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        return None, str(exc.message)


@require_GET
@dashboard_required
def dashboard(request: TenantRequest, scope: DashboardScope) -> HttpResponse:
    query, problem = _query(request, scope)
    board = None
    if query is not None:
        try:
            board = figures.dashboard(query)
        except DomainError as exc:  # a period the working-day calendar does not cover
            problem = str(exc.message)
    return render(request, "monitoring/dashboard.html", {
        "query": query, "problem": problem, "board": board, "scope": scope,
        "labels": FIGURE_LABELS, "choices": filters.choices(scope), "params": request.GET,
        "query_string": filters.query_string(query) if query else "",
        "holders": _holders(board.overdue) if board else {},
        "file_figures": FILE_FIGURES, "backlog_figures": BACKLOG_FIGURES,
        "charts": chart_data(board) if board else None,
    })


@require_GET
@dashboard_required
def files(request: TenantRequest, scope: DashboardScope) -> HttpResponse:
    figure = request.GET.get("figure") or "received"
    if figure not in figures.FIGURES:
        raise Http404
    query, problem = _query(request, scope)
    page = None
    if query is not None:
        try:
            found = figures.drilldown(query, figure)
        except DomainError as exc:  # a day the working-day calendar does not cover
            problem = str(exc.message)
        else:
            page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page", "1"))
    return render(request, "monitoring/files.html", {
        "query": query, "problem": problem, "figure": figure, "label": FIGURE_LABELS[figure],
        "page": page, "holders": _holders(list(page) if page else []),
        "query_string": filters.query_string(query) if query else "",
    })


def _holders(cases: list[Case]) -> dict[int, dict[str, str]]:
    """Per file: its state and holder as people read them. A file in a parallel review is
    held by the agencies whose review is still pending (and their assigned reviewers)."""
    english = (get_language() or "id").startswith("en")
    flows = {case.definition_id: compiled(case.definition) for case in cases}
    reviews = pending_reviews(cases)

    def person(user: User | None) -> str:
        return (user.get_full_name() or user.username) if user is not None else "—"

    found = {}
    for case in cases:
        state = flows[case.definition_id].states.get(case.state)
        label = (state.label.en if english else state.label.id) if state else case.state
        if pending := reviews.get(case.pk):
            agency = ", ".join(str(b.agency) for b in pending)
            assignee = ", ".join(person(b.assignee) for b in pending if b.assignee) or "—"
        else:
            agency = str(case.holder_agency) if case.holder_agency else "—"
            assignee = person(case.assignee)
        found[case.pk] = {"state": label, "role": role_label(case.holder_role),
                          "agency": agency, "assignee": assignee}
    return found
