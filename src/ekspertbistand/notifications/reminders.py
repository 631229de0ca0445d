"""Reminders and deadline jobs, run once a day by the platform's scheduler
(``manage.py send_reminders``).

Each capability registers its rules in its own app's ``reminders.py`` with ``@reminder``; the
command imports every installed app's ``reminders`` module and runs them all. A rule gets the
day it judges and returns how many reminders it queued. Rules must be idempotent: each
reminder is stored under a key (``Notice.key`` / ``OutboxTask.key``) so a second run on the
same day, or on another replica, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

Rule = Callable[[dt.date], int]
RULES: dict[str, Rule] = {}


def reminder(name: str) -> Callable[[Rule], Rule]:
    """Register ``rule`` under ``name`` (shown in the command's output)."""

    def register(rule: Rule) -> Rule:
        RULES[name] = rule
        return rule

    return register


def run_all(today: dt.date) -> dict[str, int]:
    """Run every registered rule for ``today``; how many reminders each queued."""
    autodiscover_modules("reminders")
    return {name: rule(today) for name, rule in sorted(RULES.items())}
