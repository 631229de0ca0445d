"""The address-protection rules themselves (ekspertbistand.cases.privacy, decision 0015):
what each role may see of a kode 6 / kode 7 person and of the unit handling the case."""

from __future__ import annotations

import pytest

from ekspertbistand.cases import privacy
from ekspertbistand.cases.permissions import Role
from factories import KARI, LENA, make_person, submitted_case

pytestmark = pytest.mark.django_db

ANDERS = 7  # kode 7 in DEMO_PEOPLE


@pytest.fixture
def kode6(employer, today):
    return submitted_case(employer, make_person(LENA), today, person=LENA)


@pytest.fixture
def kode7(employer, today):
    return submitted_case(employer, make_person(ANDERS), today, person=ANDERS)


@pytest.fixture
def ordinary(employer, employee, today):
    return submitted_case(employer, employee, today, person=KARI)


def test_kode6_unit_is_not_named_outside_nav(kode6):
    assert kode6.routed_unit.name == "NAV Vikafossen"
    for role in (Role.EMPLOYER, Role.EMPLOYEE, Role.EXPERT):
        assert privacy.unit_label(kode6, role) == "NAV"
        contact = privacy.unit_contact(kode6, role)
        assert contact is not None and "Vikafossen" not in f"{contact}"
    assert privacy.unit_contact(kode6, Role.EMPLOYER).phone == "55 55 33 36"
    assert privacy.unit_contact(kode6, Role.EMPLOYEE).phone == "55 55 33 33"
    assert privacy.unit_label(kode6, Role.CASEWORKER) == "NAV Vikafossen"
    assert privacy.unit_label(kode6, "admin") == "NAV Vikafossen"


def test_kode7_and_ordinary_cases_name_their_unit(kode7, ordinary):
    assert privacy.unit_label(kode7, Role.EMPLOYER) == kode7.routed_unit.name
    assert "Vikafossen" not in kode7.routed_unit.name
    assert privacy.unit_label(ordinary, "employer") == ordinary.routed_unit.name
    assert privacy.unit_contact(ordinary, "employer").email == ordinary.routed_unit.email


def test_the_employer_side_sees_what_it_typed_the_same_for_every_case(kode6, kode7, ordinary):
    # Hiding the name from the employer would itself reveal the protection.
    for case in (kode6, kode7, ordinary):
        assert privacy.shows_employee_identity(case, Role.EMPLOYER)
        assert privacy.shows_employee_identity(case, Role.EMPLOYER, in_list=True)
        assert privacy.shows_employee_identity(case, Role.EMPLOYEE)


def test_nav_lists_archives_and_the_admin_leave_the_protected_identity_out(kode6, kode7,
                                                                           ordinary):
    for case in (kode6, kode7):
        assert privacy.shows_employee_identity(case, Role.CASEWORKER)
        assert not privacy.shows_employee_identity(case, Role.CASEWORKER, in_list=True)
        assert not privacy.shows_employee_identity(case, Role.EMPLOYER, archived=True)
        assert not privacy.shows_employee_identity(case, Role.ADMIN)
        assert privacy.employee_name(case, Role.CASEWORKER, in_list=True) == "Skjermet"
    assert privacy.shows_employee_identity(ordinary, Role.CASEWORKER, in_list=True)
    assert privacy.shows_employee_identity(ordinary, Role.ADMIN, archived=True)


def test_protected_people_are_known_by_case_and_by_register(kode6, employee):
    lena = make_person(LENA)
    assert privacy.is_protected_person(lena.national_id)
    # Anders has no case yet; the population register says kode 7.
    assert privacy.is_protected_person(make_person(ANDERS).national_id)
    assert not privacy.is_protected_person(employee.national_id)
    assert not privacy.is_protected_person("")
    from ekspertbistand.cases.models import User
    assert list(User.objects.filter(privacy.protected_people_q())) == [lena]
