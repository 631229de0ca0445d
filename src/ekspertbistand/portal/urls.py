from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from ekspertbistand.portal import expert_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static("portal/favicon.svg"), permanent=True)),
    path("logg-inn/", views.login_page, name="login"),
    path("logg-ut/", views.logout_view, name="logout"),
    path("passer-det/", views.eligibility_start, name="eligibility_start"),
    path("passer-det/resultat/", views.eligibility_result, name="eligibility_result"),
    path("passer-det/<slug:slug>/", views.eligibility_question, name="eligibility_question"),
    path("arbeidsgiver/", views.employer_home, name="employer_home"),
    path("arbeidsgiver/ny-soknad/", views.new_application, name="new_application"),
    path("arbeidsgiver/ny-soknad/<str:orgnr>/", views.new_application_step,
         name="new_application_step"),
    path("soknad/<uuid:public_id>/slett/", views.delete_draft, name="delete_draft"),
    path("soknad/<uuid:public_id>/<slug:slug>/", views.application_step, name="application_step"),
    path("saker/<uuid:public_id>/", views.case_detail, name="case_detail"),
    path("saker/<uuid:public_id>/kvittering/", views.receipt, name="receipt"),
    path("saker/<uuid:public_id>/kvittering.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("saker/<uuid:public_id>/trekk/", views.withdraw, name="withdraw"),
    path("saker/<uuid:public_id>/svar/<int:request_id>/", views.answer_information,
         name="answer_information"),
    path("saker/<uuid:public_id>/vedlegg/<int:attachment_id>/", views.attachment,
         name="attachment"),
    path("arbeidstaker/", views.employee_home, name="employee_home"),
    path("samtykke/<int:request_id>/", views.consent, name="consent"),
    path("ekspert/", views.expert_home, name="expert_home"),
    path("varsler/", views.notices, name="notices"),
]

# Talking to NAV (portal/contact_views.py)
from ekspertbistand.portal import contact_views  # noqa: E402

urlpatterns += [
    path("arbeidsgiver/samtaler/", contact_views.talk_list, name="talk_list"),
    path("arbeidsgiver/samtaler/ny/", contact_views.talk_new, name="talk_new"),
    path("arbeidsgiver/samtaler/<uuid:public_id>/", contact_views.talk_detail,
         name="talk_detail"),
    path("arbeidsgiver/samtaler/<uuid:public_id>/start-soknad/",
         contact_views.talk_start_application, name="talk_start_application"),
    path("soknad/<uuid:public_id>/samtale-med-nav/velg/", contact_views.application_talk,
         name="application_talk"),
    path("saker/<uuid:public_id>/meldinger/", contact_views.case_message, name="case_message"),
    path("saker/<uuid:public_id>/meldinger/<int:message_id>/vedlegg/",
         contact_views.case_attachment, name="case_attachment"),
    path("samtykke/<int:request_id>/noe-stemmer-ikke/", contact_views.consent_comment,
         name="consent_comment"),
]

# The experts register (portal/expert_views.py).
urlpatterns += [
    path("eksperter/", expert_views.expert_list, name="expert_list"),
    path("eksperter/kontroll/", expert_views.expert_checks, name="expert_checks"),
    path("eksperter/kontroll/<int:expert_id>/", expert_views.expert_check, name="expert_check"),
    path("ekspert/profil/", expert_views.expert_profile, name="expert_profile"),
    path("soknad/<uuid:public_id>/ekspert/finn/", expert_views.find_expert, name="find_expert"),
    path("soknad/<uuid:public_id>/ekspert/velg/<int:expert_id>/", expert_views.pick_expert,
         name="pick_expert"),
]

# Decision and grant letters (the employer's copy).
from ekspertbistand.portal import decision_views  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/brev/<str:kind>/<str:key>/", decision_views.letter,
         name="letter"),
]

# The refund claim (portal/refund_views.py).
from ekspertbistand.portal import refund_views  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/refusjon/", refund_views.refund_claim, name="refund_claim"),
    path("saker/<uuid:public_id>/refusjon/kvittering/", refund_views.refund_receipt,
         name="refund_receipt"),
]

# The expert's assignment, the report and the follow-up (portal/assignment_views.py).
from ekspertbistand.portal import assignment_views  # noqa: E402

urlpatterns += [
    path("saker/<uuid:public_id>/inviter-ekspert/", assignment_views.invite_expert,
         name="invite_expert"),
    path("ekspert/oppdrag/<int:assignment_id>/", assignment_views.assignment, name="assignment"),
    path("ekspert/oppdrag/<int:assignment_id>/rapport/", assignment_views.report_edit,
         name="report_edit"),
    path("saker/<uuid:public_id>/rapport/", assignment_views.report_read, name="report_read"),
    path("saker/<uuid:public_id>/rapport.pdf", assignment_views.report_pdf, name="report_pdf"),
    path("saker/<uuid:public_id>/oppfolging/", assignment_views.follow_up, name="follow_up"),
]
