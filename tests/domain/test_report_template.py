"""The report template (DOMAIN §3.8: causes as they concern work, proposed measures; §4: a
template with guidance, privacy; §5: the provider's outcome list)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ekspertbistand.domain.report_privacy import FlagKind
from ekspertbistand.domain.report_template import (
    OUTCOMES,
    SECTIONS,
    Measure,
    Party,
    ReportContent,
    check_report,
    privacy_flags,
)

TODAY = dt.date(2026, 12, 1)
GOOD = ReportContent(
    assignment="Avklare hva som skal til for at Kari kan komme tilbake i full stilling.",
    work_done="Oppstartsmøte 02.11, to kartleggingssamtaler, befaring på avdelingen 16.11 og "
              "avslutningsmøte 27.11.",
    causes="Lange vakter uten pauser og tunge løft alene gjør at arbeidsdagen blir for krevende.",
    measures=(
        Measure(Party.EMPLOYEE, "Prøve ut kortere vakter", "Kari", dt.date(2027, 1, 15)),
        Measure(Party.EMPLOYER, "Innføre to faste pauser", "Nærmeste leder", dt.date(2026, 12, 15)),
    ),
    outcome="own_job_adapted",
)


def codes(report: ReportContent) -> list[str]:
    return [p.code for p in check_report(report, TODAY)]


def test_every_section_has_guidance_and_the_causes_warn_against_diagnoses() -> None:
    assert [s.key for s in SECTIONS] == ["assignment", "work_done", "causes", "measures",
                                         "outcome", "employee_comments"]
    assert all(s.guidance for s in SECTIONS)
    causes = next(s for s in SECTIONS if s.key == "causes")
    assert "diagnoser" in causes.avoid


def test_the_outcome_list_is_the_providers() -> None:
    assert "Tilbake i egen stilling med tilrettelegging" in OUTCOMES.values()
    assert "Permisjon for utdanning" in OUTCOMES.values()


def test_a_complete_report_passes() -> None:
    assert check_report(GOOD, TODAY) == []


def test_missing_sections_and_measures_for_each_party() -> None:
    empty = ReportContent("", "", "kort", (), "")
    assert codes(empty) == ["section_missing"] * 3 + ["no_measure_employee", "no_measure_employer",
                                                      "outcome_missing"]


def test_a_measure_needs_who_and_by_when_and_nav_is_optional() -> None:
    measures = (*GOOD.measures, Measure(Party.NAV, "Vurdere arbeidsrettet rehabilitering", "", None))
    report = dataclasses.replace(GOOD, measures=measures)
    assert codes(report) == ["measure_responsible", "measure_due"]
    problems = check_report(report, TODAY)
    assert problems[0].field == "measures.2.responsible" and "Tiltak 3 (nav)" in problems[0].message


def test_the_due_date_today_is_allowed_and_yesterday_is_not() -> None:
    today = Measure(Party.EMPLOYER, "Pauser", "Leder", TODAY)
    yesterday = Measure(Party.EMPLOYER, "Pauser", "Leder", TODAY - dt.timedelta(days=1))
    assert codes(dataclasses.replace(GOOD, measures=(GOOD.measures[0], today))) == []
    assert codes(dataclasses.replace(GOOD, measures=(GOOD.measures[0], yesterday))) == [
        "measure_due_past"]


def test_other_outcome_needs_a_note() -> None:
    assert codes(dataclasses.replace(GOOD, outcome="other")) == ["outcome_note_missing"]


def test_privacy_flags_by_where_they_stand() -> None:
    report = dataclasses.replace(
        GOOD, causes="Hun har depresjon, og konflikten med Lise Berg tar mye energi.",
        measures=(Measure(Party.EMPLOYEE, "Slutte med sertralin", "Kari", TODAY),))
    flags = privacy_flags(report, ["Kari Nordmann"])
    assert set(flags) == {"causes", "measures.0.description"}
    assert [f.kind for f in flags["causes"]] == [FlagKind.DIAGNOSIS_WORD, FlagKind.PERSON_NAME]
    assert flags["measures.0.description"][0].kind is FlagKind.MEDICATION
