"""The life of a case (sak), from draft to closed, as one state machine.

The statuses cover the whole lifecycle so later capabilities (case handling, report,
refund) extend this table rather than invent their own. Each transition is made by exactly
one service function in ``cases/actions``.
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    DRAFT = "draft"
    DELETED = "deleted"
    SUBMITTED = "submitted"
    UNDER_ASSESSMENT = "under_assessment"
    WAITING_FOR_EMPLOYER = "waiting_for_employer"
    AWAITING_DECISION = "awaiting_decision"
    GRANTED = "granted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.DRAFT: "Utkast",
    CaseStatus.DELETED: "Slettet utkast",
    CaseStatus.SUBMITTED: "Sendt til NAV",
    CaseStatus.UNDER_ASSESSMENT: "Under behandling",
    CaseStatus.WAITING_FOR_EMPLOYER: "Venter på svar fra arbeidsgiver",
    CaseStatus.AWAITING_DECISION: "Til beslutning",
    CaseStatus.GRANTED: "Innvilget",
    CaseStatus.REJECTED: "Avslått",
    CaseStatus.WITHDRAWN: "Trukket",
    CaseStatus.CLOSED: "Avsluttet",
}

# What the employer can expect next, shown in "Mine saker".
NEXT_STEP: dict[CaseStatus, str] = {
    CaseStatus.DRAFT: "Fyll ut søknaden, få arbeidstakerens samtykke og send den til NAV.",
    CaseStatus.DELETED: "Utkastet er slettet.",
    CaseStatus.SUBMITTED: "NAV behandler søknaden. Det tar vanligvis omtrent en uke.",
    CaseStatus.UNDER_ASSESSMENT: "En saksbehandler vurderer søknaden. NAV tar kontakt om noe mangler.",
    CaseStatus.WAITING_FOR_EMPLOYER: "NAV trenger flere opplysninger. Svar på spørsmålet på "
                                     "saken, så fortsetter behandlingen.",
    CaseStatus.AWAITING_DECISION: "Saken er vurdert og venter på vedtak.",
    CaseStatus.GRANTED: "Eksperten kan starte. Etterpå sender dere inn rapport og krav om refusjon.",
    CaseStatus.REJECTED: "Les begrunnelsen i vedtaksbrevet. Dere kan klage innen seks uker.",
    CaseStatus.WITHDRAWN: "Søknaden er trukket. Dere kan sende en ny søknad senere.",
    CaseStatus.CLOSED: "Saken er avsluttet.",
}

TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.DRAFT: frozenset({CaseStatus.SUBMITTED, CaseStatus.DELETED}),
    CaseStatus.DELETED: frozenset(),
    CaseStatus.SUBMITTED: frozenset({CaseStatus.UNDER_ASSESSMENT, CaseStatus.WITHDRAWN}),
    CaseStatus.UNDER_ASSESSMENT: frozenset(
        {CaseStatus.AWAITING_DECISION, CaseStatus.GRANTED, CaseStatus.REJECTED,
         CaseStatus.WITHDRAWN}
        # Asking the employer for more; re-routing returns the case to the new unit's «new».
        | {CaseStatus.WAITING_FOR_EMPLOYER, CaseStatus.SUBMITTED}
    ),
    CaseStatus.WAITING_FOR_EMPLOYER: frozenset(
        {CaseStatus.UNDER_ASSESSMENT, CaseStatus.WITHDRAWN}),
    CaseStatus.AWAITING_DECISION: frozenset(
        {CaseStatus.GRANTED, CaseStatus.REJECTED, CaseStatus.UNDER_ASSESSMENT}
    ),
    CaseStatus.GRANTED: frozenset({CaseStatus.CLOSED}),
    CaseStatus.REJECTED: frozenset({CaseStatus.CLOSED}),
    CaseStatus.WITHDRAWN: frozenset(),
    CaseStatus.CLOSED: frozenset(),
}


class InvalidTransition(ValueError):
    pass


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(
            f"Saken har status «{STATUS_LABELS[current]}» og kan ikke endres til "
            f"«{STATUS_LABELS[target]}»."
        )


class ConsentStatus(StrEnum):
    NOT_REQUESTED = "not_requested"
    PENDING = "pending"
    AGREED = "agreed"
    DECLINED = "declined"
    # The employee was asked (and may have answered), then the employer changed what the
    # employee had read: the old request is void and the employee must be asked again.
    MUST_ASK_AGAIN = "must_ask_again"


CONSENT_LABELS: dict[ConsentStatus, str] = {
    ConsentStatus.NOT_REQUESTED: "Ikke spurt ennå",
    ConsentStatus.PENDING: "Venter på svar fra arbeidstakeren",
    ConsentStatus.AGREED: "Arbeidstakeren har samtykket",
    ConsentStatus.DECLINED: "Arbeidstakeren har takket nei",
    ConsentStatus.MUST_ASK_AGAIN: "Må spørres på nytt",
}
