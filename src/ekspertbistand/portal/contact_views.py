"""The employer's and employee's pages for talking to NAV: asking for the talk before the
application, reading NAV's record of it, starting the application from it, and writing in a
case's thread. Thin: reads through ``contact/selectors``, changes through the actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import contact as contact_actions
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.models import Attachment, Case, ConsentRequest
from ekspertbistand.cases.permissions import CaseNotFound, NotAllowed, Role, organisations_of
from ekspertbistand.contact import selectors as contact_selectors
from ekspertbistand.contact.forms import MessageForm, TalkRequestForm
from ekspertbistand.contact.models import TalkRequest
from ekspertbistand.contact.permissions import THREAD_OF_ROLE
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.portal.auth import role_required

DRAFT_SESSION = "message_draft"


# --- Message drafts that survive a refusal -------------------------------------------------

def draft_key(kind: str, public_id: Any) -> str:
    return f"{DRAFT_SESSION}:{kind}:{public_id}"


def pop_draft(request: HttpRequest, key: str) -> dict[str, Any]:
    """What the sender typed, with the refusal or warning, after a redirect; {} if none."""
    return request.session.pop(key, None) or {}


def post_message(request: HttpRequest, key: str, send: Callable[..., Any]) -> bool:
    """Validate the message form and send with ``send(body, upload=, confirmed=)``. On a
    refusal or a health warning, the text is kept in the session for the page to show again.
    Returns whether the message was sent."""
    form = MessageForm(request.POST, request.FILES)
    body = request.POST.get("body", "")
    if not form.is_valid():
        request.session[key] = {"body": body, "errors": [
            str(e) for errors in form.errors.values() for e in errors]}
        return False
    try:
        send(form.cleaned_data["body"], upload=form.cleaned_data.get("attachment"),
             confirmed=form.cleaned_data.get("confirm_health", False))
    except message_actions.HealthDetailsSuspected as warning:
        request.session[key] = {"body": body, "warnings": [f.message for f in warning.findings],
                                "had_file": bool(request.FILES.get("attachment"))}
        return False
    except (NotAllowed, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        request.session[key] = {"body": body, "errors": [text]}
        return False
    messages.success(request, _("Meldingen er sendt."))
    return True


def attachment_response(attachment: Attachment) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The talk before the application -----------------------------------------------------

def _organisation_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(o.orgnr, f"{o.name} ({o.orgnr})")
            for o in organisations_of(request.user)]  # type: ignore[arg-type]


@role_required(Role.EMPLOYER)
def talk_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/talk_list.html", {
        "talks": contact_selectors.talks_for_employer(request.user)[:50],  # type: ignore[arg-type]
    })


@role_required(Role.EMPLOYER)
def talk_new(request: HttpRequest) -> HttpResponse:
    choices = _organisation_choices(request)
    form = TalkRequestForm(request.POST or None, organisations=choices,
                           initial={"organisation": choices[0][0] if choices else ""})
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations_of(request.user)  # type: ignore[arg-type]
                            if o.orgnr == form.cleaned_data["organisation"])
        try:
            talk = contact_actions.request_talk(
                request.user, organisation,  # type: ignore[arg-type]
                description=form.cleaned_data["description"],
                availability=form.cleaned_data["availability"])
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Forespørselen er sendt til %(unit)s. Du får beskjed "
                                        "her i tjenesten når NAV svarer.")
                             % {"unit": talk.unit.name})
            return redirect("portal:talk_detail", public_id=talk.public_id)
    return render(request, "portal/talk_new.html", {"form": form},
                  status=400 if form.errors else 200)


@role_required(Role.EMPLOYER)
def talk_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    talk = contact_selectors.get_talk(request.user, Role.EMPLOYER, public_id)  # type: ignore[arg-type]
    key = draft_key("talk", talk.public_id)
    if request.method == "POST":
        post_message(request, key, lambda body, upload, confirmed:
                     message_actions.send_talk_message(request.user, Role.EMPLOYER, talk,  # type: ignore[arg-type]
                                                       body, confirmed=confirmed))
        return redirect("portal:talk_detail", public_id=talk.public_id)
    return render(request, "portal/talk_detail.html", {
        "talk": talk,
        "thread": contact_selectors.open_talk_thread(request.user, Role.EMPLOYER, talk),  # type: ignore[arg-type]
        "draft": pop_draft(request, key),
        # A deleted draft frees the talk for a new application.
        "can_start": talk.recorded and talk.outcome != TalkRequest.Outcome.NOT_SUITABLE and (
            talk.case is None or talk.case.status in (CaseStatus.DRAFT, CaseStatus.DELETED)),
        "open_draft": talk.case if talk.case and talk.case.status == CaseStatus.DRAFT else None,
        "used_by": talk.case if talk.case and talk.case.reference else None,
    })


TALK_FOR_NEW_APPLICATION = "talk_for_new_application"


@role_required(Role.EMPLOYER)
@require_POST
def talk_start_application(request: HttpRequest, public_id: Any) -> HttpResponse:
    """«Start søknad fra samtalen»: the ordinary start (intro page, draft at the first save),
    remembering the talk so the new draft is linked to it and its NAV-contact step filled."""
    talk = contact_selectors.get_talk(request.user, Role.EMPLOYER, public_id)  # type: ignore[arg-type]
    if talk.case is not None and talk.case.status == CaseStatus.DRAFT:
        return redirect("portal:application_step", public_id=talk.case.public_id,
                        slug=contact_actions.NAV_CONTACT_STEP)
    if not talk.recorded:
        messages.error(request, _("NAV har ikke skrevet ned samtalen ennå."))
        return redirect("portal:talk_detail", public_id=talk.public_id)
    pending = dict(request.session.get(TALK_FOR_NEW_APPLICATION, {}))
    pending[talk.organisation.orgnr] = str(talk.public_id)
    request.session[TALK_FOR_NEW_APPLICATION] = pending
    messages.info(request, _("Kontakten med NAV fylles ut fra samtalen når du har startet "
                             "søknaden."))
    return redirect(f"{reverse('portal:new_application')}?orgnr={talk.organisation.orgnr}")


def link_talk_to_new_draft(request: HttpRequest, case: Case) -> None:
    """Called when a new draft is made: link the talk the employer started it from, if any."""
    pending = dict(request.session.get(TALK_FOR_NEW_APPLICATION, {}))
    talk_id = pending.pop(case.organisation.orgnr, None)
    if talk_id is None:
        return
    request.session[TALK_FOR_NEW_APPLICATION] = pending
    try:
        talk = contact_selectors.get_talk(request.user, Role.EMPLOYER, talk_id)  # type: ignore[arg-type]
        contact_actions.link_talk(request.user, case, talk)  # type: ignore[arg-type]
    except (NotAllowed, CaseNotFound) as error:
        messages.error(request, str(error))


def _draft(request: HttpRequest, public_id: Any) -> Case:
    return selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="edit")


@role_required(Role.EMPLOYER)
@require_POST
def application_talk(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Link a recorded talk to the draft (``talk`` = its id), or unlink (``talk`` empty)."""
    case = _draft(request, public_id)
    chosen = request.POST.get("talk", "")
    try:
        if chosen:
            talk = contact_selectors.get_talk(request.user, Role.EMPLOYER, chosen)  # type: ignore[arg-type]
            contact_actions.link_talk(request.user, case, talk)  # type: ignore[arg-type]
            messages.success(request, _("Kontakten med NAV er fylt ut fra samtalen."))
        else:
            contact_actions.unlink_talk(request.user, case)  # type: ignore[arg-type]
            messages.success(request, _("Søknaden viser ikke lenger til samtalen. Skriv inn "
                                        "hvem i NAV dere har snakket med."))
    except NotAllowed as error:
        messages.error(request, str(error))
    return redirect("portal:application_step", public_id=case.public_id,
                    slug=contact_actions.NAV_CONTACT_STEP)


# --- Threads on a case -----------------------------------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE)
@require_POST
def case_message(request: HttpRequest, public_id: Any) -> HttpResponse:
    role: Role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id, purpose="message")  # type: ignore[arg-type]
    kind = THREAD_OF_ROLE[role]
    post_message(request, draft_key(kind, case.public_id),
                 lambda body, upload, confirmed: message_actions.send_case_message(
                     request.user, role, case, kind, body, upload=upload,  # type: ignore[arg-type]
                     confirmed=confirmed))
    return redirect(reverse("portal:case_detail", args=[case.public_id]) + "#meldinger")


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def case_attachment(request: HttpRequest, public_id: Any, message_id: int) -> FileResponse:
    role: Role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id, purpose="attachment")  # type: ignore[arg-type]
    return attachment_response(
        contact_selectors.message_attachment(request.user, role, case, message_id))  # type: ignore[arg-type]


# --- «Noe stemmer ikke» on the consent page (decision 0034) ----------------------------------

@role_required(Role.EMPLOYEE)
@require_POST
def consent_comment(request: HttpRequest, request_id: int) -> HttpResponse:
    consent_request = get_object_or_404(
        ConsentRequest.objects.select_related("case"), pk=request_id,
        employee_national_id=request.user.national_id or "-")  # type: ignore[union-attr]
    selectors.get_case(request.user, Role.EMPLOYEE, consent_request.case.public_id,  # type: ignore[arg-type]
                       purpose="consent")
    key = draft_key("consent", consent_request.pk)
    body = request.POST.get("body", "")
    try:
        contact_actions.comment_on_consent(request.user, consent_request, body,  # type: ignore[arg-type]
                                           confirmed=bool(request.POST.get("confirm_health")))
    except message_actions.HealthDetailsSuspected as warning:
        request.session[key] = {"body": body, "warnings": [f.message for f in warning.findings]}
    except NotAllowed as error:
        request.session[key] = {"body": body, "errors": [str(error)]}
    else:
        messages.success(request, _("Kommentaren er sendt til arbeidsgiveren. Forespørselen er "
                                    "ikke besvart ennå: du kan fortsatt si ja eller nei."))
    return redirect(reverse("portal:consent", args=[consent_request.pk]) + "#noe-stemmer-ikke")
