"""The neutral public list of experts, for HR systems and providers' own sites. No login: it
holds only what experts chose to publish. The same order and filters as the page
(decision 0038): nobody is ranked."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from ekspertbistand.domain import categories
from ekspertbistand.experts import selectors

router = Router(tags=["Ekspertlisten"], auth=None)


class CompetenceOut(Schema):
    key: str
    label: str


class CountyOut(Schema):
    number: str
    name: str


class ExpertOut(Schema):
    id: int
    name: str
    provider_name: str
    orgnr: str
    competence_areas: list[CompetenceOut]
    counties: list[CountyOut]
    education: str
    presentation: str
    website: str
    email: str
    phone: str


class ExpertPageOut(Schema):
    page: int
    pages: int
    total: int
    order: str
    items: list[ExpertOut]


@router.get("/experts", response=ExpertPageOut, summary="Ekspertlisten")
def expert_list(request: HttpRequest, competence: str = "", county: str = "",
                page: int = 1) -> dict[str, object]:
    """Experts whose qualification NAV has checked and who chose to be listed, filtered by
    competence area (a key from the application's list, e.g. `work_psychology`) and county
    number (e.g. `42`), 20 a page, in the day's neutral order: the same all day, new every day.
    An unknown filter value gives an empty list. NAV recommends no particular expert."""
    competence = competence if competence in categories.COMPETENCE_AREAS else (
        competence and "-")
    result = selectors.public_list(competence=competence, county=county, page=page)
    return {
        "page": result.number, "pages": result.pages, "total": result.total,
        "order": "Tilfeldig rekkefølge som byttes hver dag; NAV anbefaler ingen bestemt ekspert.",
        "items": [{
            "id": item.id, "name": item.name, "provider_name": item.provider_name,
            "orgnr": item.orgnr, "education": item.education, "presentation": item.presentation,
            "website": item.website, "email": item.email, "phone": item.phone,
            "competence_areas": [{"key": k, "label": v}
                                 for k, v in zip(item.competence_keys, item.competence, strict=True)],
            "counties": [{"number": n, "name": v}
                         for n, v in zip(item.county_numbers, item.counties, strict=True)],
        } for item in result.items],
    }
