"""The health-details warning on free text (DOMAIN.md §3.8 and §4: employers received health
details they should not have; decision 0033)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ekspertbistand.domain.health_terms import health_terms_in


def test_names_of_diagnoses_treatment_and_medication_are_found_whole_and_once():
    text = "Hun har Depresjon og angstlidelse, bruker medisiner og går til psykolog. Depresjon!"
    assert [t.word for t in health_terms_in(text)] == [
        "Depresjon", "angstlidelse", "medisiner", "psykolog"]


def test_everyday_words_about_absence_and_work_are_not_health_details():
    text = ("Arbeidstakeren er sykmeldt 50 % og har hatt mye fravær. Vi har prøvd "
            "tilrettelegging og saksbehandlingen hos NAV tok tid. Behandling av søknaden.")
    assert health_terms_in(text) == []


def test_a_stem_inside_another_word_is_not_a_finding():
    assert health_terms_in("overmedisinert, omsorgsterapeutisk, saksbehandleren") == []


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ,.", max_size=200))
def test_each_finding_is_at_a_word_start_in_the_text(text: str):
    for term in health_terms_in(text):
        assert text[term.start:term.start + len(term.word)] == term.word
        assert term.start == 0 or not text[term.start - 1].isalnum()
