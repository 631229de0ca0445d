"""Daily reminders for the expert's report and the follow-up (``manage.py send_reminders``).

Each reminder is a ``Notice`` under its own key, so a second run sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.assignments import selectors
from ekspertbistand.assignments.tasks import expert_recipient, notify_employer
from ekspertbistand.cases.models import Notice
from ekspertbistand.cases.tasks import notify
from ekspertbistand.domain.followup import add_months
from ekspertbistand.notifications.reminders import reminder


@reminder("rapport mangler")
def report_missing(today: dt.date) -> int:
    """The grant's period has ended and the report has not been sent: remind the expert and
    the employer, once."""
    sent = 0
    for assignment in selectors.reports_missing(today):
        key = f"report_missing:{assignment.pk}"
        if Notice.objects.filter(key__startswith=key).exists():
            continue
        case = assignment.case
        user, email = expert_recipient(assignment)
        ended = assignment.grant.period_end.strftime("%d.%m.%Y")
        notify(f"{key}:expert", recipient=user, email=email, case=case,
               subject=_("Rapporten mangler"),
               body=_("Perioden i tilsagnet for sak %(reference)s sluttet %(day)s. Skriv "
                      "rapporten og send den til arbeidstakeren under «Mine oppdrag».")
               % {"reference": case.reference, "day": ended},
               link=reverse("portal:assignment", args=[assignment.pk]))
        notify_employer(case, key, subject=_("Rapporten fra eksperten mangler"),
                        body=_("Perioden i tilsagnet sluttet %(day)s, og eksperten har ikke "
                               "sendt rapporten ennå. Minn eksperten på den: NAV trenger "
                               "rapporten før refusjonen kan behandles.") % {"day": ended},
                        link=reverse("portal:case_detail", args=[case.public_id]))
        sent += 1
    return sent


@reminder("oppfølging")
def follow_up_due(today: dt.date) -> int:
    """The follow-up is due: ask the employer (and the employee, who may answer), once."""
    months = settings.FOLLOW_UP_MONTHS_AFTER_REPORT
    # Released on or before the day «months» ago (end of that day in local time).
    cutoff_day = add_months(today, -months) + dt.timedelta(days=1)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time()))
    sent = 0
    for report in selectors.released_reports_without_follow_up(cutoff):
        case = report.assignment.case
        key = f"follow_up_due:{case.pk}"
        if Notice.objects.filter(key__startswith=key).exists():
            continue
        link = reverse("portal:follow_up", args=[case.public_id])
        notify_employer(case, key, subject=_("Hvordan gikk det etter ekspertbistanden?"),
                        body=_("Det er %(months)d måneder siden rapporten i sak %(reference)s. "
                               "Svar på fire korte spørsmål: hvilke tiltak dere gjennomførte, "
                               "hvordan det gikk og om ekspertbistanden hjalp. Så avsluttes "
                               "saken.") % {"months": months, "reference": case.reference},
                        link=link)
        notify(f"{key}:employee", national_id=case.employee_national_id, case=case,
               subject=_("Hvordan gikk det etter ekspertbistanden?"),
               body=_("Hvis du vil, kan du svare på en kort oppfølging om tiltakene og om "
                      "ekspertbistanden hjalp deg."), link=link)
        sent += 1
    return sent


@reminder("avslutt saker")
def close_finished_cases(today: dt.date) -> int:
    """Cases whose follow-up is answered close once the refund is settled or expired."""
    from ekspertbistand.cases.actions.followup import close_if_done

    return sum(1 for case in selectors.cases_ready_to_close() if close_if_done(case))
