"""Shared fixtures: realistic people and organisations (see factories.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.reference.selectors import address_protection_unit, worklife_centre_for
from factories import FJORDLYS, KARI, NORDLYS, make_employer, make_person


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


