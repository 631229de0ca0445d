"""The experts register (issue 13): providers checked against Enhetsregisteret, the expert's own
profile, NAV's check of the qualification (DOMAIN §3.4), the neutral public list with filters
(DOMAIN §4: NAV may not recommend a particular expert), and the employer's pick into the
application."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ekspertbistand.cases.models import AuditEvent, Case, Expert, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.neutral_order import neutral_order
from ekspertbistand.experts import actions, selectors
from ekspertbistand.experts.models import Provider
from factories import filled_draft, login

ARBEIDSHELSE, ERGO_NORD, VESTLAND = "910825445", "910825437", "910825429"


def make_expert(name: str, orgnr: str, *, areas: list[str], counties: list[str],
                checked_by: User | None = None, user: User | None = None,
                listed: bool = True) -> Expert:
    provider = actions.provider_from_register(orgnr)
    expert = Expert.objects.create(user=user, name=name, company=provider.name, orgnr=orgnr,
                                   provider=provider, competence_areas=areas, counties=counties,
                                   education="Psykolog med autorisasjon", listed=listed)
    if checked_by:
        expert = actions.mark_qualification_checked(checked_by, Role.CASEWORKER, expert,
                                                    "Autorisasjon kontrollert i HPR")
    return expert


@pytest.fixture
def nav(caseworker_agder: User) -> User:
    return caseworker_agder


@pytest.fixture
def eva(db) -> User:
    return User.objects.create(username="eva", first_name="Eva", last_name="Solberg")


@pytest.fixture
def register(nav: User, eva: User) -> dict[str, Expert]:
    return {
        "eva": make_expert("Eva Solberg", ARBEIDSHELSE, areas=["work_psychology", "coaching"],
                           counties=["42", "11"], checked_by=nav, user=eva),
        "bjorn": make_expert("Bjørn Rønning", ERGO_NORD, areas=["ergonomics_physio"],
                             counties=["18"], checked_by=nav),
        "henrik": make_expert("Henrik Aasen", VESTLAND, areas=["conflict_management", "coaching"],
                              counties=["46"], checked_by=nav),
        "unchecked": make_expert("Jo Rustad", VESTLAND, areas=["coaching"], counties=["46"]),
        "unlisted": make_expert("Siv Dahl", VESTLAND, areas=["coaching"], counties=["46"],
                                checked_by=nav, listed=False),
    }


def names(page: selectors.ListPage) -> set[str]:
    return {item.name for item in page.items}


class TestProviders:
    def test_the_name_comes_from_enhetsregisteret(self, db) -> None:
        provider = actions.provider_from_register(ERGO_NORD)
        assert provider.name == "Ergo Nord AS" and provider.municipality_number == "1804"
        assert provider.checked_in_register_at is not None

    def test_an_unknown_number_is_refused_with_what_to_do(self, db) -> None:
        with pytest.raises(actions.ProviderNotFound, match="Fant ikke organisasjonsnummeret"):
            actions.provider_from_register("974760673")
        assert not Provider.objects.exists()


class TestPublicList:
    def test_only_checked_and_listed_experts_in_the_day_order(self, register) -> None:
        day = dt.date(2026, 12, 1)
        page = selectors.public_list(day=day)
        assert names(page) == {"Eva Solberg", "Bjørn Rønning", "Henrik Aasen"}
        expected = neutral_order([register[k].pk for k in ("eva", "bjorn", "henrik")], day)
        assert [item.id for item in page.items] == expected

    def test_filters_by_competence_and_county(self, register) -> None:
        assert names(selectors.public_list(competence="coaching")) == {"Eva Solberg", "Henrik Aasen"}
        assert names(selectors.public_list(county="46")) == {"Henrik Aasen"}
        assert names(selectors.public_list(competence="coaching", county="18")) == set()

    def test_paging_keeps_the_order(self, register) -> None:
        day = dt.date(2026, 12, 1)
        first = selectors.public_list(day=day, per_page=2)
        second = selectors.public_list(day=day, per_page=2, page=2)
        assert (first.pages, first.total) == (2, 3) and first.has_next and second.has_previous
        assert [i.id for i in first.items + second.items] == [
            i.id for i in selectors.public_list(day=day).items]

    def test_the_page_needs_no_login_and_says_nobody_is_recommended(self, register,
                                                                    client: Client) -> None:
        response = client.get("/eksperter/?kompetanse=coaching&fylke=42")
        body = response.content.decode()
        assert response.status_code == 200
        assert "NAV anbefaler ingen bestemt ekspert" in body
        assert "Eva Solberg" in body and "Henrik Aasen" not in body
        assert "Velg i søknaden" not in body  # no draft to pick for

    def test_the_front_page_links_to_the_list(self, client: Client) -> None:
        assert 'href="/eksperter/"' in client.get("/").content.decode()

    def test_unknown_filter_values_show_everyone(self, register, client: Client) -> None:
        body = client.get("/eksperter/?kompetanse=astrologi&side=x").content.decode()
        assert "3 eksperter" in body


class TestApi:
    def test_the_list_as_json_without_login_in_the_same_order(self, register,
                                                              client: Client) -> None:
        data = client.get("/api/v1/experts?competence=coaching").json()
        assert data["total"] == 2 and "NAV anbefaler ingen" in data["order"]
        assert [i["id"] for i in data["items"]] == [i.id for i in selectors.public_list(
            competence="coaching").items]
        eva = next(i for i in data["items"] if i["name"] == "Eva Solberg")
        assert eva["counties"] == [{"number": "11", "name": "Rogaland"},
                                   {"number": "42", "name": "Agder"}]
        assert {"key": "coaching", "label": "Coaching, veiledning og motivering"} in eva[
            "competence_areas"]

    def test_an_unknown_competence_gives_nobody(self, register, client: Client) -> None:
        assert client.get("/api/v1/experts?competence=astrologi").json()["total"] == 0
        assert client.get("/api/v1/experts?county=46").json()["total"] == 1


class TestProfile:
    def test_the_expert_edits_their_profile_and_provider_contact(self, register, eva,
                                                                 client: Client) -> None:
        login(client, eva, "expert")
        assert "Du vises i den offentlige ekspertlisten" in client.get("/ekspert/profil/").content.decode()
        response = client.post("/ekspert/profil/", {
            "orgnr": ARBEIDSHELSE, "competence_areas": ["work_psychology"],
            "education": "Psykolog med autorisasjon", "authorisation_number": "",
            "counties": ["42"], "presentation": "Arbeidspsykolog.", "listed": "on",
            "email": "eva@arbeidshelse-sor.example", "phone": "38 00 12 34", "website": ""})
        assert response.status_code == 302
        expert = Expert.objects.select_related("provider").get(pk=register["eva"].pk)
        assert expert.counties == ["42"] and expert.qualification_checked_at is not None
        assert expert.provider.email == "eva@arbeidshelse-sor.example"
        assert expert.provider.phone == "38001234"

    def test_changing_the_education_clears_nav_check_and_the_list_entry(self, register, eva,
                                                                       client: Client) -> None:
        login(client, eva, "expert")
        response = client.post("/ekspert/profil/", {
            "orgnr": ARBEIDSHELSE, "competence_areas": ["work_psychology"],
            "education": "Psykologspesialist", "counties": ["42"], "listed": "on"}, follow=True)
        assert "NAV må kontrollere kvalifikasjonen på nytt" in response.content.decode()
        assert Expert.objects.get(pk=register["eva"].pk).qualification_checked_at is None
        assert "Eva Solberg" not in names(selectors.public_list())
        event = AuditEvent.objects.filter(action="expert_profile_updated").last()
        assert event.details["qualification_cleared"] is True

    def test_bad_input_names_the_field_and_keeps_what_was_typed(self, register, eva,
                                                               client: Client) -> None:
        login(client, eva, "expert")
        response = client.post("/ekspert/profil/", {
            "orgnr": "974760673", "competence_areas": [], "education": "Psykolog med autorisasjon",
            "authorisation_number": "12", "counties": ["42"], "presentation": "Min tekst"})
        body = response.content.decode()
        assert response.status_code == 400
        assert "Velg minst ett kompetanseområde." in body
        assert "HPR-nummeret har 7 til 9 siffer" in body
        assert "Min tekst" in body

    def test_an_unknown_provider_is_refused_and_nothing_changes(self, register, eva,
                                                               client: Client) -> None:
        login(client, eva, "expert")
        response = client.post("/ekspert/profil/", {
            "orgnr": "974760673", "competence_areas": ["coaching"], "education": "Psykolog",
            "counties": ["42"]})
        assert response.status_code == 400
        assert "Fant ikke organisasjonsnummeret 974760673" in response.content.decode()
        assert Expert.objects.get(pk=register["eva"].pk).orgnr == ARBEIDSHELSE

    def test_an_expert_cannot_change_another_experts_profile(self, register, eva) -> None:
        with pytest.raises(NotAllowed):
            actions.update_profile(eva, register["bjorn"], {})

    def test_other_roles_are_sent_away(self, register, employer, client: Client) -> None:
        login(client, employer, "employer")
        assert client.get("/ekspert/profil/").status_code == 302


class TestNavCheck:
    def test_nav_marks_the_qualification_checked_and_the_expert_is_listed(
            self, register, nav, client: Client) -> None:
        login(client, nav, "caseworker")
        assert "Jo Rustad" in client.get("/eksperter/kontroll/").content.decode()
        expert = register["unchecked"]
        response = client.post(f"/eksperter/kontroll/{expert.pk}/",
                               {"action": "check", "note": "kort"})
        assert response.status_code == 400
        assert "minst 10 tegn" in response.content.decode()
        client.post(f"/eksperter/kontroll/{expert.pk}/",
                    {"action": "check", "note": "Autorisasjon som sosionom kontrollert"})
        expert.refresh_from_db()
        assert expert.qualification_checked_by == nav
        assert "Jo Rustad" in names(selectors.public_list())
        assert AuditEvent.objects.filter(action="expert_qualification_checked",
                                         details__expert=expert.pk).exists()

    def test_nav_can_take_the_check_back(self, register, nav, client: Client) -> None:
        login(client, nav, "caseworker")
        client.post(f"/eksperter/kontroll/{register['henrik'].pk}/", {"action": "clear"})
        assert "Henrik Aasen" not in names(selectors.public_list())

    def test_an_administrator_may_check_too(self, register, db) -> None:
        admin = User.objects.create(username="ada", is_staff=True)
        expert = actions.mark_qualification_checked(admin, Role.ADMIN, register["unchecked"],
                                                    "Utdanning kontrollert mot vitnemål")
        assert expert.qualification_checked_by == admin

    def test_only_nav_may_check(self, register, eva, employer, client: Client) -> None:
        with pytest.raises(NotAllowed):
            actions.mark_qualification_checked(eva, Role.EXPERT, register["unchecked"], "x" * 20)
        login(client, employer, "employer")
        assert client.get("/eksperter/kontroll/").status_code == 302


class TestPickIntoApplication:
    def test_the_employer_picks_from_the_list_and_the_step_is_filled(
            self, register, employer, today, client: Client) -> None:
        case = filled_draft(employer, today, upto="behov")
        login(client, employer, "employer")
        body = client.get(f"/eksperter/?soknad={case.public_id}").content.decode()
        assert "Velg i søknaden" in body
        henrik = register["henrik"]
        response = client.post(f"/soknad/{case.public_id}/ekspert/velg/{henrik.pk}/", follow=True)
        assert response.redirect_chain[-1][0] == f"/soknad/{case.public_id}/ekspert/"
        case.refresh_from_db()
        assert case.answers["ekspert"]["expert_name"] == "Henrik Aasen"
        assert case.answers["ekspert"]["expert_orgnr"] == VESTLAND
        assert ("Henrik Aasen fra ekspertlisten er fylt inn. Se over, og skriv hva eksperten skal "
                "gjøre.") in response.content.decode()

    def test_the_expert_step_saves_what_was_typed_and_opens_the_list(
            self, register, employer, today, client: Client) -> None:
        case = filled_draft(employer, today, upto="behov")
        login(client, employer, "employer")
        step = client.get(f"/soknad/{case.public_id}/ekspert/").content.decode()
        assert f'formaction="/soknad/{case.public_id}/ekspert/finn/"' in step
        response = client.post(f"/soknad/{case.public_id}/ekspert/finn/",
                               {"planned_assistance": "Oppstartsmøte og kartlegging."})
        assert response["Location"] == f"/eksperter/?soknad={case.public_id}"
        case.refresh_from_db()
        assert case.answers["ekspert"]["planned_assistance"] == "Oppstartsmøte og kartlegging."

    def test_what_the_employer_wrote_about_the_work_is_kept(self, register, employer, today) -> None:
        case = filled_draft(employer, today)
        planned = case.answers["ekspert"]["planned_assistance"]
        assert actions.pick_for_application(employer, case, register["bjorn"]) == {}
        case.refresh_from_db()
        assert case.answers["ekspert"]["planned_assistance"] == planned
        assert case.answers["ekspert"]["expert_name"] == "Bjørn Rønning"

    def test_an_unchecked_expert_or_another_employers_draft_cannot_be_picked(
            self, register, employer, other_employer, today, client: Client) -> None:
        case = filled_draft(employer, today, upto="behov")
        login(client, employer, "employer")
        unchecked = register["unchecked"]
        assert client.post(f"/soknad/{case.public_id}/ekspert/velg/{unchecked.pk}/").status_code == 404
        login(client, other_employer, "employer")
        henrik = register["henrik"]
        assert client.post(f"/soknad/{case.public_id}/ekspert/velg/{henrik.pk}/").status_code == 404
        body = client.get(f"/eksperter/?soknad={case.public_id}").content.decode()
        assert "Velg i søknaden" not in body
        saved = Case.objects.get(pk=case.pk).answers
        response = client.post(f"/soknad/{case.public_id}/ekspert/finn/", {"expert_name": "X"})
        assert response.status_code == 404
        assert Case.objects.get(pk=case.pk).answers == saved
