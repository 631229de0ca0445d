from django.urls import path

from ekspertbistand.casework.views import inbox

app_name = "casework"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("saker/<uuid:public_id>/", inbox.case_detail, name="case_detail"),
]
