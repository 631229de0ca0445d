"""Shared fixtures: realistic people and organisations (see factories.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TransactionTestCase
from django.utils import timezone

from ekspertbistand.cases.db_roles import as_owner, owner_credentials, service_credentials
from ekspertbistand.cases.models import UnitMembership, User
from ekspertbistand.reference.selectors import address_protection_unit, worklife_centre_for
from factories import FJORDLYS, KARI, NORDLYS, make_employer, make_person


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Every test starts without list pages kept from another (``portal.page_memo``)."""
    from ekspertbistand.portal import page_memo

    page_memo.forget()
    yield
    page_memo.forget()


# --- PostgreSQL's two roles (decision 0011) -------------------------------------------------
# With DATABASE_OWNER_URL set (scripts/with-postgres.sh), the test database is created,
# migrated, emptied between transactional tests and dropped as the owner role; the tests
# themselves, the live server included, connect as the service role, as production does.

@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Create and migrate the test database as the owner (the next fixture switches back)."""
    owner = owner_credentials()
    if owner is not None:
        from django.db import connections

        connections["default"].settings_dict.update(owner)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's own setup (as the owner), then the tests as the service role."""
    from django.db import connections

    owner = owner_credentials()
    if owner is None:
        yield
        return
    default = connections["default"]
    default.close()
    default.settings_dict.update(service_credentials())
    empty_as_service = TransactionTestCase._fixture_teardown

    def empty_as_owner(self) -> None:  # the service may not TRUNCATE (that is the point)
        with as_owner():
            empty_as_service(self)

    TransactionTestCase._fixture_teardown = empty_as_owner  # type: ignore[method-assign]
    try:
        yield
    finally:
        TransactionTestCase._fixture_teardown = empty_as_service  # type: ignore[method-assign]
        default.close()
        default.settings_dict.update(owner)


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


