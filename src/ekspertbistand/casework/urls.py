from django.urls import path

from ekspertbistand.casework.views import inbox

app_name = "casework"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("saker/<uuid:public_id>/", inbox.case_detail, name="case_detail"),
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
