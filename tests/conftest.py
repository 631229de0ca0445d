"""Shared fixtures: realistic people and organisations (see factories.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.reference.selectors import address_protection_unit, worklife_centre_for
from factories import FJORDLYS, KARI, NORDLYS, make_employer, make_person


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Reference data comes from a data migration; a transactional test's flush removes it,
    so reload it for the transactional tests (pytest-django runs those last)."""
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from ekspertbistand.reference.loading import load_reference_data
        from ekspertbistand.reference.models import NavUnit

        if not NavUnit.objects.exists():
            load_reference_data()


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def employer(db) -> User:
    return make_employer("hanne", FJORDLYS)


@pytest.fixture
def other_employer(db) -> User:
    return make_employer("geir", NORDLYS)


@pytest.fixture
def employee(db) -> User:
    return make_person(KARI)


@pytest.fixture
def caseworker_agder(db, today) -> User:
    user = User.objects.create(username="aud")
    UnitMembership.objects.create(user=user, unit=worklife_centre_for("4204", today))
    return user


@pytest.fixture
def caseworker_nordland(db, today) -> User:
    user = User.objects.create(username="nils")
    UnitMembership.objects.create(user=user, unit=worklife_centre_for("1804", today))
    return user


@pytest.fixture
def caseworker_vikafossen(db) -> User:
    user = User.objects.create(username="vidar")
    UnitMembership.objects.create(user=user, unit=address_protection_unit())
    return user


