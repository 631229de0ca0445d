"""The transactional outbox: follow-up work is written in the same transaction as the state
change, and a worker runs it afterwards, at least once, each handler idempotent.

The worker claims tasks with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL so several
workers can run side by side; SQLite serialises writers, so the same code is safe there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ekspertbistand.cases.models import OutboxTask

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
Handler = Callable[[dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function
    return register


def enqueue(kind: str, key: str, **payload: Any) -> None:
    """Queue work once per ``key`` (a second enqueue with the same key is ignored)."""
    OutboxTask.objects.get_or_create(key=f"{kind}:{key}",
                                     defaults={"kind": kind, "payload": payload})


def _claim() -> OutboxTask | None:
    queryset = OutboxTask.objects.filter(
        state=OutboxTask.State.PENDING, available_at__lte=timezone.now()
    ).order_by("available_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    return queryset.first()


def run_pending(limit: int = 100) -> int:
    """Run up to ``limit`` due tasks; returns how many were attempted."""
    from ekspertbistand.cases import tasks  # noqa: F401  (registers the handlers)

    attempted = 0
    while attempted < limit:
        with transaction.atomic():
            task = _claim()
            if task is None:
                break
            attempted += 1
            task.attempts += 1
            try:
                with transaction.atomic():
                    HANDLERS[task.kind](task.payload)
            except Exception as error:  # noqa: BLE001  (every failure is retried or dead-lettered)
                log.warning("Utboksoppgave %s feilet (forsøk %s): %s",
                            task.pk, task.attempts, type(error).__name__)
                task.last_error = f"{type(error).__name__}: {error}"[:2000]
                if task.attempts >= MAX_ATTEMPTS:
                    task.state = OutboxTask.State.DEAD
                else:
                    task.available_at = timezone.now() + dt.timedelta(
                        seconds=30 * 2 ** task.attempts)
            else:
                task.state = OutboxTask.State.DONE
                task.done_at = timezone.now()
            task.save()
    return attempted
