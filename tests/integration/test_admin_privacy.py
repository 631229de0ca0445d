"""NAV's admin neither shows nor finds people with address protection, logs every read of
personal data like a case read, and speaks Norwegian throughout (issue 11 points 2 and 24)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import translation

from ekspertbistand.cases.models import AuditEvent, User
from ekspertbistand.cases.outbox import run_pending
from factories import LENA, login, make_person, submitted_case

pytestmark = pytest.mark.django_db

ANDERS = 7  # kode 7, no case here


@pytest.fixture
def admin_client(client):
    ada = User.objects.create(username="ada", first_name="Ada", is_staff=True,
                              is_superuser=True)
    return login(client, ada, "admin"), ada


def test_a_kode6_person_is_neither_listed_found_nor_opened(admin_client, employer, today):
    client, _ = admin_client
    lena = make_person(LENA)
    submitted_case(employer, lena, today, person=LENA)
    listed = client.get("/admin/cases/user/").content.decode()
    assert "Lena" not in listed and "hanne" in listed
    for query in ("Strand", "Lena", lena.username):
        found = client.get("/admin/cases/user/", {"q": query}).content.decode()
        assert f"/admin/cases/user/{lena.pk}/change/" not in found
        assert lena.national_id not in found
    page = client.get(f"/admin/cases/user/{lena.pk}/change/", follow=True)
    text = page.content.decode()
    assert lena.national_id not in text and "Strand" not in text
    assert "eksisterer ikke" in text  # answered as if she did not exist


def test_a_protected_person_without_a_case_is_not_found_either(admin_client):
    client, _ = admin_client
    anders = make_person(ANDERS)  # the register says kode 7; nothing in the service says so yet
    found = client.get("/admin/cases/user/", {"q": "Nilsen"}).content.decode()
    assert f"/admin/cases/user/{anders.pk}/change/" not in found
    page = client.get(f"/admin/cases/user/{anders.pk}/change/", follow=True).content.decode()
    assert anders.national_id not in page


def test_logging_in_records_the_protection_so_lists_leave_the_person_out(client, admin_client):
    anders = make_person(ANDERS)
    other = client.__class__()
    login(other, anders, "employee")  # force_login sends user_logged_in
    anders.refresh_from_db()
    assert anders.address_protection == "7"
    admin, _ = admin_client
    assert "Anders" not in admin.get("/admin/cases/user/").content.decode()


def test_reads_of_personal_data_in_the_admin_are_audit_logged(admin_client, employee):
    client, ada = admin_client
    page = client.get(f"/admin/cases/user/{employee.pk}/change/").content.decode()
    assert employee.national_id in page  # an unprotected person is shown
    viewed = AuditEvent.objects.get(action="admin_viewed", actor=ada)
    assert viewed.actor_role == "admin"
    assert viewed.details == {"model": "user", "object_id": str(employee.pk)}
    client.get("/admin/cases/user/", {"q": "Kari"})
    listed = AuditEvent.objects.get(action="admin_listed", actor=ada)
    assert listed.details == {"model": "user", "searched": True}  # never the search text


def test_the_audit_log_shows_actions_and_roles_as_labels_and_shields_protected_actors(
        admin_client, employer, today):
    client, _ = admin_client
    lena = make_person(LENA)
    submitted_case(employer, lena, today, person=LENA)
    run_pending()
    page = client.get("/admin/cases/auditevent/").content.decode()
    assert "Søknaden ble sendt til NAV" in page and "Arbeidstakeren samtykket" in page
    assert "Arbeidsgiver" in page and ">submitted<" not in page and ">employer<" not in page
    assert "Skjermet" in page and lena.username not in page
    agreed = AuditEvent.objects.get(action="consent_agreed")
    detail = client.get(f"/admin/cases/auditevent/{agreed.pk}/change/").content.decode()
    assert "Arbeidstakeren samtykket" in detail and "Skjermet" in detail
    assert lena.username not in detail
    tasks = client.get("/admin/cases/outboxtask/").content.decode()
    assert "Arkivere kvitteringen" in tasks and ">archive_receipt<" not in tasks


def test_every_field_of_every_model_has_a_norwegian_name():
    untranslated = []
    with translation.override("nb"):
        for config in apps.get_app_configs():
            if not config.name.startswith("ekspertbistand."):
                continue
            for model in config.get_models():
                if str(model._meta.verbose_name) == model._meta.model_name:
                    untranslated.append(model.__name__)
                for field in model._meta.concrete_fields:
                    if field.name == "id" or field.name == "status":  # «status» is Norwegian
                        continue
                    if str(field.verbose_name) == field.name.replace("_", " "):
                        untranslated.append(f"{model.__name__}.{field.name}")
    assert untranslated == []
