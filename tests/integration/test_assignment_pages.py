"""The expert's pages, the report pages and the follow-up, as users click them
(DOMAIN §3.8, §4, §7). The expert's notes stay the expert's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ekspertbistand.assignments.models import Assignment, Report
from ekspertbistand.cases.models import Case, Document
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.domain.case_status import CaseStatus
from factories import granted_case, login, make_expert

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Privat notat: husk å spørre om søvn"
DUE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def report_post(causes: str, action: str) -> dict[str, str]:
    data = {"assignment": "Målet er at arbeidstakeren kommer tilbake i egen stilling.",
            "work_done": "Oppstartsmøte, tre samtaler, arbeidsplassvurdering og avslutningsmøte.",
            "causes": causes, "outcome": "own_job_adapted", "action": action,
            "tiltak-TOTAL_FORMS": "3", "tiltak-INITIAL_FORMS": "0",
            "tiltak-MIN_NUM_FORMS": "0", "tiltak-MAX_NUM_FORMS": "20"}
    rows = [("employee", "Gradvis opptrapping", "Arbeidstakeren"),
            ("employer", "Faste vakter", "Nærmeste leder"),
            ("nav", "Vurdere oppfølging", "NAV-veileder")]
    for i, (party, what, who) in enumerate(rows):
        data.update({f"tiltak-{i}-party": party, f"tiltak-{i}-description": what,
                     f"tiltak-{i}-responsible": who, f"tiltak-{i}-due": DUE})
    return data


@pytest.fixture
def case(employer, employee, today):
    return granted_case(employer, employee, today)


def test_whole_second_half_through_the_pages(case, employer, employee, today):
    eva = make_expert("eva")
    boss, worker, expert = (login(Client(), employer, "employer"),
                            login(Client(), employee, "employee"), login(Client(), eva, "expert"))
    page = reverse("portal:case_detail", args=[case.public_id])
    assert "Inviter eksperten" in boss.get(page).content.decode()
    boss.post(reverse("portal:invite_expert", args=[case.public_id]))
    run_pending()
    home = expert.get(reverse("portal:expert_home")).content.decode()
    assert case.reference in home and "Invitasjon: svar på den" in home
    assignment = Assignment.objects.get(case=case)
    url = reverse("portal:assignment", args=[assignment.pk])
    expert.post(url, {"action": "accept"})
    refused = expert.post(url, {"action": "phase", "kind": "start_meeting",
                                "held_on": today.isoformat(), "participants": "Alle tre",
                                "goal": "Tilbake i jobb", "roles": "", "expectations": "x"})
    assert refused.status_code == 400
    assert "Roller: skriv hva dere ble enige om" in refused.content.decode()
    assert 'value="Alle tre"' in refused.content.decode()  # nothing typed is lost
    expert.post(url, {"action": "phase", "kind": "start_meeting", "held_on": today.isoformat(),
                      "participants": "Alle tre", "goal": "Tilbake i jobb",
                      "roles": "Leder tilrettelegger", "expectations": "Åpenhet",
                      "agreed_by": ["employer", "employee", "expert"]})
    expert.post(url, {"action": "note", "text": SECRET_NOTE})
    assert SECRET_NOTE in expert.get(url).content.decode()

    edit = reverse("portal:report_edit", args=[assignment.pk])
    flagged = expert.post(edit, report_post("Har depresjon og trenger faste vakter om dagen.",
                                            "send"))
    body = flagged.content.decode()
    assert flagged.status_code == 400 and "Personvernkontrollen" in body
    assert "Hvorfor det er en risiko:" in body and "depresjon" in body
    key = next(part.split('"')[0] for part in body.split('name="res|causes|')[1:])
    sent = expert.post(edit, {**report_post("Har depresjon og trenger faste vakter om dagen.",
                                            "send"), f"res|causes|{key}": "removed"})
    assert sent.status_code == 302
    report = Report.objects.get(assignment=assignment)
    assert report.state == Report.State.WITH_EMPLOYEE and "depresjon" not in report.content["causes"]

    read = reverse("portal:report_read", args=[case.public_id])
    assert boss.get(read).status_code == 404  # the employee reads it first
    worker.post(read, {"answer": "approve"})
    run_pending()
    shown = boss.get(read).content.decode()
    assert "faste vakter" in shown and "depresjon" not in shown
    assert boss.get(reverse("portal:report_pdf", args=[case.public_id]))["Content-Type"] == \
        "application/pdf"
    nav = login(Client(), case.grants.first().caseworker, "caseworker")
    nav_page = nav.get(reverse("casework:case_detail", args=[case.public_id])).content.decode()
    assert "Les rapporten fra eksperten" in nav_page
    assert "faste vakter" in nav.get(reverse("casework:report", args=[case.public_id])).content.decode()
    assert Document.objects.filter(case=case, kind="expert_report").exists()
    nav_case = reverse("casework:case_detail", args=[case.public_id])
    for client, where in ((boss, page), (boss, read), (worker, page), (nav, nav_case)):
        assert SECRET_NOTE not in client.get(where).content.decode()

    report.refresh_from_db()
    Report.objects.filter(pk=report.pk).update(
        released_at=report.released_at - dt.timedelta(days=100))
    follow = reverse("portal:follow_up", args=[case.public_id])
    missing = boss.post(follow, {"measures_done": ["0"]})
    assert missing.status_code == 400 and "Resultat: velg" in missing.content.decode()
    boss.post(follow, {"measures_done": ["0", "1"], "outcome": "same_position", "helped": "yes"})
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    history = boss.get(page).content.decode()
    assert "Eksperten aksepterte oppdraget" in history and "Saken ble avsluttet" in history
    assert "expert_accepted" not in history
    nav_page = nav.get(reverse("casework:case_detail", args=[case.public_id])).content.decode()
    assert "Tilbake i samme stilling" in nav_page and "tiltak for NAV" in nav_page


def test_another_expert_gets_404_and_the_employer_cannot_open_the_workspace(case, employer):
    from ekspertbistand.cases.actions import assignment as actions

    eva = make_expert("eva")
    assignment = actions.invite_expert(employer, case)
    assignment = actions.accept(eva, assignment)
    actions.add_note(eva, assignment, text=SECRET_NOTE)
    other = make_expert("ola", name="Ola Hansen", orgnr="910825446", email="ola@x.example")
    url = reverse("portal:assignment", args=[assignment.pk])
    assert login(Client(), other, "expert").get(url).status_code == 404
    boss = login(Client(), employer, "employer").get(url)
    assert boss.status_code in (302, 403, 404) and SECRET_NOTE not in boss.content.decode()


def test_kode_7_the_expert_and_navs_archived_report_do_not_show_the_employee(case, employer,
                                                                          employee, today):
    from io import BytesIO

    from pypdf import PdfReader

    from ekspertbistand.cases.actions import assignment as actions
    from ekspertbistand.cases.actions import report as report_actions
    from ekspertbistand.domain.report_template import Measure, Party, ReportContent

    Case.objects.filter(pk=case.pk).update(address_protection="7")
    case.refresh_from_db()
    eva = make_expert("eva")
    assignment = actions.accept(eva, actions.invite_expert(employer, case))
    page = login(Client(), eva, "expert").get(reverse("portal:assignment", args=[assignment.pk]))
    assert case.employee_name not in page.content.decode() and "Skjermet" in page.content.decode()
    due = today + dt.timedelta(days=30)
    sent = report_actions.submit_to_employee(eva, assignment, ReportContent(
        assignment="Målet er at arbeidstakeren kommer tilbake i egen stilling.",
        work_done="Oppstartsmøte, samtaler, arbeidsplassvurdering og avslutningsmøte.",
        causes="Tunge løft og skiftende vakter gir lite hvile.", outcome="own_job",
        measures=(Measure(Party.EMPLOYEE, "Opptrapping", "Arbeidstakeren", due),
                  Measure(Party.EMPLOYER, "Faste vakter", "Leder", due))), {}, today=today)
    report_actions.employee_answer(employee, sent, answer="approve")
    run_pending()
    archived = Document.objects.get(case=case, kind="expert_report")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(bytes(archived.content))).pages)
    assert "Faste vakter" in text and case.employee_name not in text
