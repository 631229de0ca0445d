"""Reads of the experts register: the neutral public list, an expert's own profile and NAV's
list of qualifications to check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from ekspertbistand.cases.models import Expert, User
from ekspertbistand.domain import categories
from ekspertbistand.domain.neutral_order import neutral_order
from ekspertbistand.reference.models import County

PER_PAGE = 20


@dataclass(frozen=True)
class Listing:
    """One expert as the public list shows them: nothing that ranks or recommends."""

    id: int
    name: str
    provider_name: str
    orgnr: str
    competence: tuple[str, ...]  # labels
    counties: tuple[str, ...]  # names
    competence_keys: tuple[str, ...]
    county_numbers: tuple[str, ...]
    education: str
    presentation: str
    website: str
    email: str
    phone: str


@dataclass(frozen=True)
class ListPage:
    items: tuple[Listing, ...]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def county_choices(on: dt.date | None = None) -> list[tuple[str, str]]:
    """The counties valid on ``on`` (default today), by number."""
    day = on or timezone.localdate()
    rows = County.objects.filter(valid_from__lte=day).exclude(valid_to__lt=day).order_by("number")
    return [(c.number, c.name) for c in rows]


def listed_experts() -> QuerySet[Expert]:
    """Who may appear in the public list: listed by themself, provider found in
    Enhetsregisteret, qualification checked by NAV."""
    return Expert.objects.filter(listed=True, qualification_checked_at__isnull=False,
                                 provider__checked_in_register_at__isnull=False)


def public_list(*, competence: str = "", county: str = "", day: dt.date | None = None,
                page: int = 1, per_page: int = PER_PAGE) -> ListPage:
    """The neutral list, filtered, in the day's order (decision 0038), one page of it.

    Filtering reads only ids and the two filter columns (JSON lists, filtered here so both
    databases behave the same); only the page's rows are then loaded in full."""
    day = day or timezone.localdate()
    candidates = listed_experts().values_list("pk", "competence_areas", "counties")
    ids = [pk for pk, areas, served in candidates
           if (not competence or competence in (areas or []))
           and (not county or county in (served or []))]
    ordered = neutral_order(ids, day)
    pages = max(1, -(-len(ordered) // per_page))
    number = min(max(1, page), pages)
    page_ids = ordered[(number - 1) * per_page:number * per_page]
    rows = {e.pk: e for e in Expert.objects.filter(pk__in=page_ids).select_related("provider")
            .only("pk", "name", "provider", "competence_areas", "counties", "education", "presentation",
                  "provider__name", "provider__orgnr", "provider__website",
                  "provider__email", "provider__phone")}
    names = dict(county_choices(day))
    items = tuple(_listing(rows[pk], names) for pk in page_ids if pk in rows)
    return ListPage(items, number, pages, len(ordered))


def _listing(expert: Expert, county_names: dict[str, str]) -> Listing:
    provider = expert.provider
    assert provider is not None  # listed_experts() requires it
    return Listing(
        id=expert.pk, name=expert.name, provider_name=provider.name, orgnr=provider.orgnr,
        competence=tuple(categories.COMPETENCE_AREAS.get(a, a) for a in expert.competence_areas),
        counties=tuple(county_names.get(c, c) for c in sorted(expert.counties)),
        competence_keys=tuple(expert.competence_areas),
        county_numbers=tuple(sorted(expert.counties)),
        education=expert.education, presentation=expert.presentation,
        website=provider.website, email=provider.email, phone=provider.phone,
    )


def listed_expert(expert_id: int) -> Expert | None:
    return listed_experts().filter(pk=expert_id).first()


def profile_of(user: User) -> Expert:
    return Expert.objects.select_related("provider").get(user=user)


def for_qualification_check(*, awaiting: bool, page: int = 1) -> Page[Expert]:
    """NAV's view of the register: those awaiting a check (oldest provider first), or those
    checked (most recent check first)."""
    rows = Expert.objects.select_related("provider", "qualification_checked_by")
    if awaiting:
        rows = rows.filter(qualification_checked_at__isnull=True).order_by("provider__created_at",
                                                                             "pk")
    else:
        rows = rows.filter(qualification_checked_at__isnull=False).order_by(
            "-qualification_checked_at", "pk")
    return Paginator(rows, PER_PAGE).get_page(page)


def expert_for_check(expert_id: int) -> Expert | None:
    return Expert.objects.filter(pk=expert_id).first()
