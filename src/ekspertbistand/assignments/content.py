"""The report's content as stored (JSON) and as the domain reads it (``ReportContent``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ekspertbistand.domain.report_template import Measure, Party, ReportContent

EMPTY = ReportContent(assignment="", work_done="", causes="", measures=(), outcome="")


def to_json(content: ReportContent) -> dict[str, Any]:
    return {
        "assignment": content.assignment, "work_done": content.work_done,
        "causes": content.causes, "outcome": content.outcome,
        "outcome_note": content.outcome_note, "employee_comments": content.employee_comments,
        "measures": [{"party": m.party.value, "description": m.description,
                      "responsible": m.responsible,
                      "due": m.due.isoformat() if m.due else None} for m in content.measures],
    }


def from_json(data: dict[str, Any]) -> ReportContent:
    if not data:
        return EMPTY
    return ReportContent(
        assignment=data.get("assignment", ""), work_done=data.get("work_done", ""),
        causes=data.get("causes", ""), outcome=data.get("outcome", ""),
        outcome_note=data.get("outcome_note", ""),
        employee_comments=data.get("employee_comments", ""),
        measures=tuple(Measure(Party(m["party"]), m.get("description", ""),
                               m.get("responsible", ""),
                               dt.date.fromisoformat(m["due"]) if m.get("due") else None)
                       for m in data.get("measures", [])),
    )


def replace_text(content: ReportContent, where: str, text: str) -> ReportContent:
    """``content`` with the free text at ``where`` (as ``ReportContent.texts`` names it)."""
    data = to_json(content)
    if where.startswith("measures."):
        _prefix, index, name = where.split(".")
        data["measures"][int(index)][name] = text
    else:
        data[where] = text
    return from_json(data)
