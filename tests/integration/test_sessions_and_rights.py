"""The session, the person and the statistics right, read with written-out SQL on every request
(``config.sessions``, ``permissions.has_statistics_right``, decision 0058), answer as Django's
own would: an expired or ended session is not accepted, a deactivated person is logged out,
and the statistics right is held exactly when ``user.has_perm`` says so.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import has_statistics_right
from ekspertbistand.config.sessions import UserBackend
from ekspertbistand.portal import page_memo
from factories import login, make_nav

pytestmark = pytest.mark.django_db

LOGIN = "/logg-inn/?next=/arbeidsgiver/"


@pytest.fixture(autouse=True)
def nothing_kept():
    page_memo.forget()
    yield
    page_memo.forget()


def statistics_permission() -> Permission:
    return Permission.objects.get(codename="view_statistics", content_type__app_label="statistics")


def statistics_group() -> Group:
    group = Group.objects.get_or_create(name="Statistikk")[0]
    group.permissions.add(statistics_permission())
    return group


def people() -> dict[str, User]:
    made = {name: User.objects.create(username=name) for name in (
        "uten", "direkte", "gruppe", "annen_gruppe", "annen_rettighet", "annen_app", "super",
        "inaktiv_super", "inaktiv_direkte")}
    made["direkte"].user_permissions.add(statistics_permission())
    made["inaktiv_direkte"].user_permissions.add(statistics_permission())
    made["gruppe"].groups.add(statistics_group())
    made["annen_gruppe"].groups.add(Group.objects.create(name="Saksbehandlere"))
    made["annen_rettighet"].user_permissions.add(
        Permission.objects.exclude(codename="view_statistics").first())
    # the same codename in another app is not the statistics right
    made["annen_app"].user_permissions.add(Permission.objects.create(
        codename="view_statistics", name="Kan se saksstatistikk",
        content_type=ContentType.objects.get_for_model(Case)))
    User.objects.filter(pk__in=[made["super"].pk, made["inaktiv_super"].pk]).update(
        is_superuser=True)
    User.objects.filter(pk__in=[made["inaktiv_super"].pk, made["inaktiv_direkte"].pk]).update(
        is_active=False)
    return {name: User.objects.get(pk=user.pk) for name, user in made.items()}


def test_the_statistics_right_agrees_with_has_perm():
    found = people()
    expected = {"uten": False, "direkte": True, "gruppe": True, "annen_gruppe": False,
                "annen_rettighet": False, "annen_app": False, "super": True, "inaktiv_super": False,
                "inaktiv_direkte": False}
    for name, user in found.items():
        assert user.has_perm("statistics.view_statistics") is expected[name], name
        assert has_statistics_right(User.objects.get(pk=user.pk)) is expected[name], name


def test_the_queue_links_to_statistics_once_the_right_is_given(today):
    from ekspertbistand.reference.selectors import worklife_centre_for

    user = make_nav("aud", worklife_centre_for("4204", today))
    client = login(Client(), user, "caseworker")
    assert 'href="/nav/statistikk/"' not in client.get("/nav/").content.decode()
    user.groups.add(statistics_group())
    assert 'href="/nav/statistikk/"' in client.get("/nav/").content.decode()
    user.groups.clear()
    assert 'href="/nav/statistikk/"' not in client.get("/nav/").content.decode()


def test_an_expired_session_is_not_accepted(client, employer):
    login(client, employer, "employer")
    assert client.get("/arbeidsgiver/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/arbeidsgiver/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/api/v1/cases").status_code == 401


def test_logging_out_ends_the_session_for_every_client_holding_its_cookie(employer):
    first = login(Client(), employer, "employer")
    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert "Mine saker" in second.get("/arbeidsgiver/").content.decode()
    assert second.get("/api/v1/cases").status_code == 200

    assert first.post("/logg-ut/").status_code == 302
    response = second.get("/arbeidsgiver/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert second.get("/api/v1/cases").status_code == 401
    assert first.get("/arbeidsgiver/")["Location"] == LOGIN


def test_a_deactivated_person_is_logged_out_on_the_next_request(client, employer):
    login(client, employer, "employer")
    assert client.get("/arbeidsgiver/").status_code == 200
    assert client.get("/api/v1/cases").status_code == 200
    User.objects.filter(pk=employer.pk).update(is_active=False)
    response = client.get("/arbeidsgiver/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/api/v1/cases").status_code == 401


def test_the_backend_reads_the_same_person_as_djangos_and_refuses_nonsense(employer):
    found = UserBackend().get_user(employer.pk)
    assert found == employer and found.username == "hanne" and found.first_name == "Hanne"
    assert UserBackend().get_user(str(employer.pk)) == employer
    for nonsense in (None, "abc", "", 0, 10 ** 9):
        assert UserBackend().get_user(nonsense) is None
