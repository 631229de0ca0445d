from django.urls import path

from ekspertbistand.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("saker/<uuid:public_id>/", views.case_detail, name="case_detail"),
]
