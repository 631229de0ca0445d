"""The daily reminder job runs every registered rule for the given day."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from ekspertbistand.notifications import reminders


def test_every_registered_rule_runs_for_the_given_day(monkeypatch):
    seen: list[dt.date] = []
    monkeypatch.setattr(reminders, "RULES", {})
    reminders.reminder("test_rule")(lambda today: seen.append(today) or 3)
    out = io.StringIO()
    call_command("send_reminders", "--today", "2026-12-31", stdout=out)
    assert seen == [dt.date(2026, 12, 31)]
    assert "test_rule: 3" in out.getvalue()
