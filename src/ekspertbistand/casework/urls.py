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
