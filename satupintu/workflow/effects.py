"""The engine's own effects: the clock. Other apps register theirs (notifications, permits)."""

from __future__ import annotations

from typing import Any

from satupintu.workflow.clock import Clock
from satupintu.workflow.models import Case
from satupintu.workflow.registry import effect


def _clock(ctx: dict[str, Any]) -> Clock:
    clock: Clock = ctx["clock"]
    return clock


@effect("clock_start", mode="inline")
def clock_start(case: Case, ctx: dict[str, Any]) -> None:
    """The file is declared complete: day 0 of the legal time limit."""
    _clock(ctx).start()


@effect("clock_pause", mode="inline")
def clock_pause(case: Case, ctx: dict[str, Any]) -> None:
    """Waiting for the applicant (OSS 41): those days are not the office's."""
    _clock(ctx).pause(reason=ctx["inputs"].get("reason", ""))


@effect("clock_pause_restart", mode="inline")
def clock_pause_restart(case: Case, ctx: dict[str, Any]) -> None:
    """Pause now and count from zero again once the applicant answers (OSS 43)."""
    _clock(ctx).pause(restart_on_resume=True, reason=ctx["inputs"].get("reason", ""))


@effect("clock_resume", mode="inline")
def clock_resume(case: Case, ctx: dict[str, Any]) -> None:
    """The applicant answered (OSS 42)."""
    _clock(ctx).resume()


@effect("clock_restart", mode="inline")
def clock_restart(case: Case, ctx: dict[str, Any]) -> None:
    """Count from zero again (OSS 44), e.g. after a substantial change of the application."""
    _clock(ctx).restart(reason=ctx["inputs"].get("reason", ""))


@effect("clock_extend", mode="inline")
def clock_extend(case: Case, ctx: dict[str, Any]) -> None:
    """An approved extension of the deadlines by `days` working days, with its reason."""
    _clock(ctx).extend(ctx["inputs"]["days"], ctx["inputs"]["reason"])


@effect("clock_stop", mode="inline")
def clock_stop(case: Case, ctx: dict[str, Any]) -> None:
    """A decision was taken: the clock stops and the decision time is kept."""
    _clock(ctx).stop()
