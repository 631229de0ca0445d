from django.urls import path

from ekspertbistand.casework.views import inbox

app_name = "casework"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("saker/<uuid:public_id>/", inbox.case_detail, name="case_detail"),
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
