"""Two officers acting on one file at once: exactly one wins, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from satupintu.core.errors import Conflict
from satupintu.workflow.engine import case_perform
from satupintu.workflow.models import Case, CaseTransition
from tests.workflow.helpers import start_case, user


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_db")
@pytest.mark.parametrize("attempts", [2, 6])
def test_concurrent_attempts_on_one_case_exactly_one_succeeds(attempts: int) -> None:
    case = start_case()
    clerk = user("petugas.fo")
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []

    def attempt(action: str) -> None:
        try:
            barrier.wait()
            inputs = {} if action == "register" else {"citations": ["KTP"]}
            case_perform(tenant=case.tenant, case_id=case.pk, actor=clerk, action=action,
                         expected_version=1, inputs=inputs)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connection.close()

    actions = ["register", "return_incomplete"] * (attempts // 2)
    threads = [threading.Thread(target=attempt, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * (attempts - 1) + ["ok"]
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == 2
    assert CaseTransition.objects.filter(case=case).count() == 2
