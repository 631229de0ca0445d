"""The report template as forms and as PDF/A (DOMAIN §3.8, §4: a template with guidance; the
report in the archive as PDF/A)."""

from __future__ import annotations

import datetime as dt
import io

import pypdf

from ekspertbistand.documents.report import ReportDocument, render_report_pdf
from ekspertbistand.domain.report_privacy import Resolution, apply_resolutions, check_text
from ekspertbistand.domain.report_template import Measure, Party, ReportContent
from ekspertbistand.experts.report_forms import (
    EmployeeResponseForm,
    FlagResolutionForm,
    MeasureFormSet,
    ReportForm,
    add_report_errors,
    report_content,
)

TODAY = dt.date(2026, 12, 1)


def measures_post(*rows: tuple[str, str, str, str]) -> dict[str, str]:
    data = {"form-TOTAL_FORMS": "6", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "20"}
    for index in range(6):
        party, description, responsible, due = rows[index] if index < len(rows) else ("employee", "", "", "")
        data |= {f"form-{index}-party": party, f"form-{index}-description": description,
                 f"form-{index}-responsible": responsible, f"form-{index}-due": due}
    return data


REPORT_POST = {
    "assignment": "Avklare hva som skal til for å komme tilbake i full stilling.",
    "work_done": "Oppstartsmøte, to samtaler, befaring og avslutningsmøte.",
    "causes": "Lange vakter uten pauser gjør arbeidsdagen for krevende.",
    "outcome": "own_job_adapted", "outcome_note": "",
}


def test_the_form_shows_the_guidance_of_each_section() -> None:
    form = ReportForm()
    assert "Ikke skriv diagnoser" in str(form["causes"].help_text)


def test_posted_report_and_measures_become_content_and_blank_rows_are_ignored() -> None:
    form = ReportForm(REPORT_POST)
    measures = MeasureFormSet(measures_post(
        ("employee", "Prøve kortere vakter", "Arbeidstakeren", "15.01.2027"),
        ("employer", "To faste pauser", "Nærmeste leder", "2026-12-15")))
    assert form.is_valid() and measures.is_valid()
    content = report_content(form, measures)
    assert [m.party for m in content.measures] == [Party.EMPLOYEE, Party.EMPLOYER]
    assert content.measures[0].due == dt.date(2027, 1, 15)
    assert add_report_errors(form, content, TODAY)


def test_missing_parts_are_named_on_the_form() -> None:
    form = ReportForm({**REPORT_POST, "causes": "", "outcome": ""})
    measures = MeasureFormSet(measures_post(("employee", "Kortere vakter", "", "")))
    assert form.is_valid() and measures.is_valid()
    assert not add_report_errors(form, report_content(form, measures), TODAY)
    assert "Fyll ut «Årsaker til fraværet" in form.errors["causes"][0]
    assert form.errors["outcome"] == ["Velg resultatet av ekspertbistanden."]
    everything = " ".join(form.non_field_errors())
    assert "minst ett tiltak for arbeidsgiveren" in everything
    assert "skriv hvem som er ansvarlig" in everything


def test_each_flag_is_removed_or_kept_with_a_reason() -> None:
    text = "Hun har depresjon og samarbeider med Lise Berg."
    flags = check_text(text, allowed_names=["Kari Nordmann"])
    post = {f"resolution_{flags[0].key}": "removed", f"resolution_{flags[1].key}": "kept",
            f"reason_{flags[1].key}": "Verneombudet er avtalt kontaktperson."}
    form = FlagResolutionForm(post, flags=flags)
    assert form.is_valid()
    outcome = apply_resolutions(text, form.resolutions(), allowed_names=["Kari Nordmann"])
    assert outcome.ready and "depresjon" not in outcome.text
    assert [r.resolution for r in form.resolutions()] == [Resolution.REMOVED, Resolution.KEPT]
    unanswered = FlagResolutionForm({}, flags=flags)
    assert not unanswered.is_valid()
    assert "Velg om «depresjon» skal fjernes eller beholdes." in str(unanswered.errors)


def test_the_employee_comments_or_approves() -> None:
    assert EmployeeResponseForm({"answer": "approve"}).is_valid()
    form = EmployeeResponseForm({"answer": "comment", "comments": " "})
    assert not form.is_valid() and "Skriv kommentarene dine" in form.errors["comments"][0]


def document(**changes: object) -> ReportDocument:
    content = ReportContent(
        REPORT_POST["assignment"], REPORT_POST["work_done"], REPORT_POST["causes"],
        (Measure(Party.EMPLOYEE, "Prøve kortere vakter", "Arbeidstakeren", dt.date(2027, 1, 15)),
         Measure(Party.EMPLOYER, "To faste pauser", "Nærmeste leder", dt.date(2026, 12, 15)),
         Measure(Party.NAV, "Vurdere arbeidsrettet rehabilitering", "NAV-veileder", dt.date(2027, 2, 1))),
        "own_job_adapted", employee_comments="Jeg er enig i forslagene.")
    values = {"case_reference": "EB-2026-000001", "grant_number": "2026-000001-01",
              "employer_name": "Fjordlys Sykehjem AS", "employer_orgnr": "910825526",
              "employee_name": "Kari Nordmann", "expert_name": "Eva Solberg",
              "provider_name": "Arbeidshelse Sør AS", "written_on": TODAY, "content": content,
              "employee_approved_on": TODAY} | changes
    return ReportDocument(**values)  # type: ignore[arg-type]


def metadata(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def test_the_archived_copy_is_pdf_a_and_the_download_pdf_ua() -> None:
    archived = metadata(render_report_pdf(document(archived=True)))
    assert 'pdfaid:part="2"' in archived and 'pdfaid:conformance="B"' in archived
    assert 'pdfuaid:part="1"' in metadata(render_report_pdf(document()))


def test_the_pdf_holds_every_section() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_report_pdf(document())))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Oppdraget", "Hva er gjort", "Årsaker til fraværet", "Tiltak for NAV",
                     "Nærmeste leder", "15.12.2026", "Tilbake i egen stilling med tilrettelegging",
                     "Jeg er enig i forslagene.", "Kari Nordmann"):
        assert expected in text, expected


def test_the_pdf_leaves_out_the_name_when_the_caller_may_not_show_it() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_report_pdf(document(employee_name=""))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Arbeidstaker " not in text.replace("\n", " ") and "Kari" not in text
