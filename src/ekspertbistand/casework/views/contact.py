"""NAV's side of the contact: the queue of talk requests (take, answer, record), and
writing in a case's threads as the unit handling it. Every read is audit-logged by the
selectors; every change goes through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import contact as contact_actions
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.application import HEALTH_WARNING
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.contact import selectors as contact_selectors
from ekspertbistand.contact.forms import RecordTalkForm
from ekspertbistand.contact.models import Thread
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.contact_views import (
    attachment_response,
    draft_key,
    pop_draft,
    post_message,
)

PAGE_SIZE = 50


@role_required(Role.CASEWORKER)
def talk_queue(request: HttpRequest) -> HttpResponse:
    units = selectors.units_of(request.user)  # type: ignore[arg-type]
    page = Paginator(contact_selectors.talk_queue(units), PAGE_SIZE).get_page(
        request.GET.get("side"))
    return render(request, "casework/talk_queue.html", {
        "units": units, "page": page,
        "unread_cases": contact_selectors.cases_with_unread_for_units(units)[:PAGE_SIZE],
    })


def _talk_page(request: HttpRequest, talk: Any, form: RecordTalkForm | None = None,
               status: int = 200) -> HttpResponse:
    initial = {"nav_participant": talk.nav_participant or request.user.display_name(),  # type: ignore[union-attr]
               "employer_participants": talk.employer_participants,
               "talk_date": talk.talk_date, "outcome": talk.outcome,
               "outcome_note": talk.outcome_note}
    return render(request, "casework/talk_detail.html", {
        "talk": talk,
        "thread": contact_selectors.open_talk_thread(request.user, Role.CASEWORKER, talk),  # type: ignore[arg-type]
        "draft": pop_draft(request, draft_key("talk", talk.public_id)),
        "form": form or RecordTalkForm(initial=initial),
        "mine": talk.assigned_to_id == request.user.pk,
        "health_warning": HEALTH_WARNING,
    }, status=status)


@role_required(Role.CASEWORKER)
def talk_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    talk = contact_selectors.get_talk(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    return _talk_page(request, talk)


@role_required(Role.CASEWORKER)
@require_POST
def talk_take(request: HttpRequest, public_id: Any) -> HttpResponse:
    talk = contact_selectors.get_talk(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    try:
        contact_actions.take_talk(request.user, talk)  # type: ignore[arg-type]
        messages.success(request, _("Du har tatt forespørselen."))
    except NotAllowed as error:
        messages.error(request, str(error))
    return redirect("casework:talk_detail", public_id=talk.public_id)


@role_required(Role.CASEWORKER)
@require_POST
def talk_record(request: HttpRequest, public_id: Any) -> HttpResponse:
    talk = contact_selectors.get_talk(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    form = RecordTalkForm(request.POST)
    if form.is_valid():
        try:
            contact_actions.record_talk(request.user, talk, form.cleaned_data)  # type: ignore[arg-type]
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Samtalen er skrevet ned. Arbeidsgiveren ser resultatet."))
            return redirect("casework:talk_detail", public_id=talk.public_id)
    return _talk_page(request, talk, form, status=400)


@role_required(Role.CASEWORKER)
@require_POST
def talk_reply(request: HttpRequest, public_id: Any) -> HttpResponse:
    talk = contact_selectors.get_talk(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    post_message(request, draft_key("talk", talk.public_id),
                 lambda body, upload, confirmed: message_actions.send_talk_message(
                     request.user, Role.CASEWORKER, talk, body, confirmed=confirmed))  # type: ignore[arg-type]
    return redirect(reverse("casework:talk_detail", args=[talk.public_id]) + "#meldinger")


@role_required(Role.CASEWORKER)
@require_POST
def case_message(request: HttpRequest, public_id: Any, kind: str) -> HttpResponse:
    if kind not in (Thread.Kind.EMPLOYER, Thread.Kind.EMPLOYEE):
        raise Http404(_("Fant ikke meldingstråden."))
    case = selectors.get_case(request.user, Role.CASEWORKER, public_id, purpose="message")  # type: ignore[arg-type]
    post_message(request, draft_key(kind, case.public_id),
                 lambda body, upload, confirmed: message_actions.send_case_message(
                     request.user, Role.CASEWORKER, case, kind, body, upload=upload,  # type: ignore[arg-type]
                     confirmed=confirmed))
    return redirect(reverse("casework:case_detail", args=[case.public_id]) + f"#meldinger-{kind}")


@role_required(Role.CASEWORKER)
def case_attachment(request: HttpRequest, public_id: Any, message_id: int) -> FileResponse:
    case = selectors.get_case(request.user, Role.CASEWORKER, public_id, purpose="attachment")  # type: ignore[arg-type]
    return attachment_response(contact_selectors.message_attachment(
        request.user, Role.CASEWORKER, case, message_id))  # type: ignore[arg-type]
