"""Named guards and effects: the only code a workflow definition can refer to.

A guard looks at a case (and the action's inputs) and raises `GuardFailed` to refuse. An effect
is either *inline* — it runs inside the transition's transaction (the clock, assignment) — or
*deferred* — recorded as a task row in that transaction and run by the worker after commit,
with retries (notifications, documents). Apps register theirs at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from satupintu.core.errors import DomainError

if TYPE_CHECKING:
    from satupintu.workflow.models import Case

GuardFn = Callable[["Case", dict[str, Any]], None]
EffectFn = Callable[["Case", dict[str, Any]], None]


class GuardFailed(DomainError):
    code = "guard_failed"
    http_status = 409


@dataclass(frozen=True)
class Effect:
    name: str
    mode: Literal["inline", "deferred"]
    fn: EffectFn
    max_attempts: int = 5


GUARDS: dict[str, GuardFn] = {}
EFFECTS: dict[str, Effect] = {}


def guard(name: str) -> Callable[[GuardFn], GuardFn]:
    def register(fn: GuardFn) -> GuardFn:
        if name in GUARDS and GUARDS[name] is not fn:
            raise ValueError(f"a guard named {name} is already registered")
        GUARDS[name] = fn
        return fn
    return register


def effect(
    name: str, *, mode: Literal["inline", "deferred"], max_attempts: int = 5
) -> Callable[[EffectFn], EffectFn]:
    def register(fn: EffectFn) -> EffectFn:
        if name in EFFECTS and EFFECTS[name].fn is not fn:
            raise ValueError(f"an effect named {name} is already registered")
        EFFECTS[name] = Effect(name=name, mode=mode, fn=fn, max_attempts=max_attempts)
        return fn
    return register
