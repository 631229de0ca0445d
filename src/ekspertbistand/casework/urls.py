from django.urls import path

from ekspertbistand.casework.views import case, handling, queue

app_name = "casework"

urlpatterns = [
    path("", queue.work_queue, name="queue"),
    path("", queue.work_queue, name="inbox"),  # the former name of the queue
    path("saker/<uuid:public_id>/", case.case_detail, name="case_detail"),
    path("saker/<uuid:public_id>/ta/", queue.take, name="take"),
    path("saker/<uuid:public_id>/flytt/", handling.reroute, name="reroute"),
    path("saker/<uuid:public_id>/sporsmal/", handling.ask_employer, name="ask_employer"),
    path("saker/<uuid:public_id>/notater/", handling.add_note, name="add_note"),
    path("saker/<uuid:public_id>/vedlegg/<int:attachment_id>/", case.attachment,
         name="attachment"),
]

# The contact with NAV: talk requests and case messages (casework/views/contact.py)
from ekspertbistand.casework.views import contact  # noqa: E402

urlpatterns += [
    path("samtaler/", contact.talk_queue, name="talk_queue"),
    path("samtaler/<uuid:public_id>/", contact.talk_detail, name="talk_detail"),
    path("samtaler/<uuid:public_id>/ta/", contact.talk_take, name="talk_take"),
    path("samtaler/<uuid:public_id>/skriv-ned/", contact.talk_record, name="talk_record"),
    path("samtaler/<uuid:public_id>/svar/", contact.talk_reply, name="talk_reply"),
    path("saker/<uuid:public_id>/meldinger/<slug:kind>/", contact.case_message,
         name="case_message"),
    path("saker/<uuid:public_id>/meldinger/<int:message_id>/vedlegg/", contact.case_attachment,
         name="case_attachment"),
]

# Assessment, decisions, grants, letters and the budget.
from ekspertbistand.casework.views import budget, decision  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/vurdering/", decision.save_assessment, name="save_assessment"),
    path("saker/<uuid:public_id>/forslag/", decision.propose, name="propose"),
    path("saker/<uuid:public_id>/vedtak/", decision.decide, name="decide"),
    path("saker/<uuid:public_id>/godkjenn/", decision.approve, name="approve"),
    path("saker/<uuid:public_id>/send-tilbake/", decision.return_proposal, name="return_proposal"),
    path("saker/<uuid:public_id>/tilsagn/<str:number>/endre/", decision.change_grant,
         name="change_grant"),
    path("saker/<uuid:public_id>/tilsagn/<str:number>/annuller/", decision.cancel_grant,
         name="cancel_grant"),
    path("saker/<uuid:public_id>/brev/<str:kind>/<str:key>/", decision.letter, name="letter"),
    path("budsjett/", budget.budget, name="budget"),
]

# The refund and its payments (casework/views/refunds.py).
from ekspertbistand.casework.views import refunds  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/refusjon/kontroller/", refunds.check, name="refund_check"),
    path("saker/<uuid:public_id>/refusjon/godkjenn/", refunds.approve, name="refund_approve"),
    path("saker/<uuid:public_id>/refusjon/send-tilbake/", refunds.return_claim,
         name="refund_return"),
    path("saker/<uuid:public_id>/refusjon/unntak/", refunds.exception, name="refund_exception"),
    path("saker/<uuid:public_id>/refusjon/prov-igjen/", refunds.retry, name="refund_retry"),
    path("saker/<uuid:public_id>/refusjon/korriger/", refunds.correct, name="refund_correct"),
    path("utbetalinger/", refunds.payments, name="payments"),
    path("utbetalinger/<str:export_id>.xml", refunds.export_xml, name="export_xml"),
    path("utbetalinger/<str:export_id>.json", refunds.export_json, name="export_json"),
    path("utbetalinger/betaling/<int:payment_id>/", refunds.payment_result,
         name="payment_result"),
]

# The expert's report (NAV's copy) and the follow-up task (casework/views/report.py).
from ekspertbistand.casework.views import report  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/rapport/", report.report, name="report"),
    path("saker/<uuid:public_id>/rapport.pdf", report.report_pdf, name="report_pdf"),
    path("saker/<uuid:public_id>/oppfolging/fullfort/", report.complete_task,
         name="complete_follow_up_task"),
]

# Statistics and management information (the statistics right, decision 0056).
from ekspertbistand.statistics import views as statistics  # noqa: E402

urlpatterns += [
    path("statistikk/", statistics.overview, name="statistics"),
    path("statistikk/behandlingstid/", statistics.processing, name="statistics_processing"),
    path("statistikk/<slug:key>.<str:fmt>", statistics.download, name="statistics_download"),
]
