"""Timeline texts for the public events of the assignment, the report and the follow-up,
added to ``cases.audit.TIMELINE_TEXT`` when the app loads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TIMELINE_TEXT = {
    "expert_invited": _("Arbeidsgiveren inviterte eksperten"),
    "expert_accepted": _("Eksperten aksepterte oppdraget"),
    "expert_declined": _("Eksperten takket nei til oppdraget"),
    "report_sent_to_employee": _("Eksperten sendte rapporten til arbeidstakeren"),
    "report_released": _("Rapporten ble sendt til arbeidsgiveren, med kopi til NAV"),
    "report_archived": _("Rapporten ble arkivert hos NAV"),
    "follow_up_answered": _("Oppfølgingen ble besvart"),
    "case_closed": _("Saken ble avsluttet"),
}
