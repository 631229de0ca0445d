"""The report's privacy check (DOMAIN §3.8: the report protects the employee's privacy, no more
health detail than needed; §4: employers received health details they should not have)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from ekspertbistand.domain.report_privacy import (
    REMOVED_MARK,
    FlagKind,
    FlagResolution,
    Resolution,
    apply_resolutions,
    check_text,
    health_terms,
)

PARTICIPANTS = ["Kari Nordmann", "Hanne Lunde", "Eva Solberg", "Fjordlys Sykehjem AS"]


def kinds(text: str, **kwargs: object) -> list[tuple[FlagKind, str]]:
    return [(f.kind, f.text) for f in check_text(text, allowed_names=PARTICIPANTS, **kwargs)]  # type: ignore[arg-type]


class TestNationalIds:
    def test_a_valid_fodselsnummer_is_flagged_with_its_position(self) -> None:
        text = "Arbeidstaker (12037823560) møtte til samtale."
        [flag] = check_text(text)
        assert flag.kind is FlagKind.NATIONAL_ID
        assert (flag.start, flag.end, flag.line, flag.column) == (14, 25, 1, 15)
        assert "fødselsnummer" in flag.reason

    def test_written_six_and_five_and_on_a_later_line(self) -> None:
        [flag] = check_text("Om saken:\nFnr. 120378 23560.")
        assert flag.text == "120378 23560" and flag.line == 2 and flag.column == 6

    def test_a_d_number_is_named_so(self) -> None:
        [flag] = check_text("D-nr 41038530001")
        assert "D-nummer" in flag.reason

    def test_eleven_digits_that_fail_the_checksum_are_not_flagged(self) -> None:
        # 11 digits are not enough: an account number or an invalid number is no identity.
        assert check_text("Kontonummer 12345678903 og 12037823561.") == []

    def test_part_of_a_longer_number_is_not_flagged(self) -> None:
        assert check_text("Referanse 9912037823560.") == []


class TestDiagnosisCodes:
    @pytest.mark.parametrize("code", ["F32", "F32.1", "M54.5", "P76", "L03", "Z56"])
    def test_icd10_and_icpc2_codes_are_flagged(self, code: str) -> None:
        assert kinds(f"Sykmeldt med {code} siden mars.") == [(FlagKind.DIAGNOSIS_CODE, code)]

    def test_the_system_is_named(self) -> None:
        assert "ICD-10" in check_text("Diagnose F32.1.")[0].reason
        assert "ICPC-2" in check_text("Diagnose P76.")[0].reason
        assert "ICPC-2" not in check_text("Diagnose G43.")[0].reason  # G is no ICPC-2 chapter

    @pytest.mark.parametrize("text", [
        "Skriv ut på A4-ark.",
        "Møtet var kl. 10.30 og varte til 11:45.",
        "Hun tar D3-vitamin.",
        "Flyet var en A320.",
        "Han kjører E18 hver dag, og langs E39 om sommeren.",
        "Reisen gikk via E6 til Trondheim.",
        "Kostnad 1 250,50 kr for 7.5 timer.",
        "Kvartal Q3 og modell x12.",
    ])
    def test_no_false_alarm_on_paper_sizes_times_roads_and_models(self, text: str) -> None:
        assert [k for k, _ in kinds(text) if k is FlagKind.DIAGNOSIS_CODE] == []


class TestWords:
    @pytest.mark.parametrize(("text", "word"), [
        ("Hun har depresjon.", "depresjon"),
        ("Depresjonen har vart lenge.", "Depresjonen"),
        ("Han har hatt depresjonsplager.", "depresjonsplager"),
        ("Etter en fødselsdepresjon kom hun tilbake.", "fødselsdepresjon"),
        ("Hun har brystkreft.", "brystkreft"),
        ("Han har ADHD.", "ADHD"),
        ("Hun har MS.", "MS"),
        ("Det kom et panikkanfall i møtet.", "panikkanfall"),
        ("Prestasjonsangst på jobb.", "Prestasjonsangst"),
        ("Hun har vært deprimert i vinter.", "deprimert"),
        ("Han har multippel  sklerose.", "multippel  sklerose"),
        ("ME-pasienter trenger hvile.", "ME"),
    ])
    def test_diagnosis_words_with_endings_and_compounds(self, text: str, word: str) -> None:
        assert kinds(text) == [(FlagKind.DIAGNOSIS_WORD, word)]

    @pytest.mark.parametrize(("text", "word"), [
        ("Hun bruker Sertralin.", "Sertralin"),
        ("Han tar sovetabletter.", "sovetabletter"),
        ("Bruker Paralgin forte ved behov.", "Paralgin"),
    ])
    def test_medication_words(self, text: str, word: str) -> None:
        assert kinds(text) == [(FlagKind.MEDICATION, word)]

    @pytest.mark.parametrize("text", [
        "Det krever store krefter å stå i jobben.",   # krefter = forces, not kreft
        "Fangst og langstrakt fjord.",                # -angst- inside ordinary words
        "Vi spiste med meg og ms-word var åpent.",    # abbreviations only in capitals
        "Dette er en ideell løsning.",
    ])
    def test_ordinary_words_are_not_flagged(self, text: str) -> None:
        assert [k for k, _ in kinds(text) if k is not FlagKind.PERSON_NAME] == []

    def test_the_word_list_ships_with_the_package_and_has_both_kinds(self) -> None:
        terms = health_terms()
        assert {t.kind for t in terms} == {FlagKind.DIAGNOSIS_WORD, FlagKind.MEDICATION}
        assert len(terms) > 100


class TestNames:
    def test_a_full_name_of_someone_outside_the_case_is_flagged(self) -> None:
        [flag] = check_text("Konflikten med Lise Berg på lageret har vart lenge.",
                            allowed_names=PARTICIPANTS)
        assert flag.kind is FlagKind.PERSON_NAME and flag.text == "Lise Berg"

    def test_a_given_name_alone_is_flagged(self) -> None:
        assert kinds("Hun har snakket med Lise om vaktene.") == [(FlagKind.PERSON_NAME, "Lise")]

    def test_the_participants_are_not_flagged(self) -> None:
        text = "Kari Nordmann og Hanne Lunde møtte Eva Solberg. Kari ønsker å fortsette."
        assert kinds(text) == []

    def test_a_sentence_start_is_not_a_name(self) -> None:
        assert kinds("Etter møtet ble vi enige. Arbeidsgiveren tilrettelegger.") == []

    def test_given_names_that_are_also_words_are_flagged_only_mid_sentence(self) -> None:
        assert kinds("Liv og helse er viktig.") == []
        assert kinds("Hun jobber sammen med Per hver dag.") == [(FlagKind.PERSON_NAME, "Per")]

    def test_a_surname_alone_is_not_recognised(self) -> None:
        # The heuristic's limit: a surname alone is indistinguishable from a place name.
        assert kinds("Hun har snakket med Haugland om det.") == []


class TestResolutions:
    TEXT = "Hun har depresjon og snakker med Lise Berg. Kari vil tilbake."

    def test_unresolved_flags_block_sending(self) -> None:
        outcome = apply_resolutions(self.TEXT, [], allowed_names=PARTICIPANTS)
        assert not outcome.ready
        assert [f.text for f in outcome.unresolved] == ["depresjon", "Lise Berg"]

    def test_removed_is_replaced_and_kept_needs_a_reason(self) -> None:
        diagnosis, name = check_text(self.TEXT, allowed_names=PARTICIPANTS)
        outcome = apply_resolutions(self.TEXT, [
            FlagResolution(diagnosis.key, Resolution.REMOVED),
            FlagResolution(name.key, Resolution.KEPT, "ok"),
        ], allowed_names=PARTICIPANTS)
        assert not outcome.ready
        assert outcome.problems[0].code == "keep_reason_missing"
        assert f"Hun har {REMOVED_MARK} og" in outcome.text

    def test_all_resolved_is_ready_and_the_removed_words_are_gone(self) -> None:
        diagnosis, name = check_text(self.TEXT, allowed_names=PARTICIPANTS)
        outcome = apply_resolutions(self.TEXT, {
            diagnosis.key: FlagResolution(diagnosis.key, Resolution.REMOVED),
            name.key: FlagResolution(name.key, Resolution.KEPT,
                                     "Lise Berg er verneombud og avtalt kontaktperson."),
        }, allowed_names=PARTICIPANTS)
        assert outcome.ready
        assert "depresjon" not in outcome.text
        assert [k.flag.text for k in outcome.kept] == ["Lise Berg"]
        assert [f.kind for f in check_text(outcome.text, allowed_names=PARTICIPANTS)] == [
            FlagKind.PERSON_NAME]

    def test_a_key_from_another_version_of_the_text_resolves_nothing(self) -> None:
        stale = FlagResolution("diagnosis_word:0:9", Resolution.REMOVED)
        outcome = apply_resolutions(self.TEXT, [stale], allowed_names=PARTICIPANTS)
        assert outcome.text == self.TEXT and len(outcome.unresolved) == 2

    def test_several_removals_keep_the_rest_of_the_text_intact(self) -> None:
        text = "F32 og 12037823560 og sertralin."
        flags = check_text(text)
        outcome = apply_resolutions(text, [FlagResolution(f.key, Resolution.REMOVED) for f in flags])
        assert outcome.text == f"{REMOVED_MARK} og {REMOVED_MARK} og {REMOVED_MARK}."
        assert outcome.ready


def test_flags_come_in_reading_order_without_overlap() -> None:
    flags = check_text("Kari har ME og bruker Cipralex, se F32.1 og 12037823560.",
                       allowed_names=["Kari Nordmann"])
    assert [f.kind for f in flags] == [FlagKind.DIAGNOSIS_WORD, FlagKind.MEDICATION,
                                       FlagKind.DIAGNOSIS_CODE, FlagKind.NATIONAL_ID]
    assert all(a.end <= b.start for a, b in zip(flags, flags[1:], strict=False))


# --- Properties (hypothesis) -------------------------------------------------------------


# Text around a number: letters, spaces and punctuation, no digits.
PLAIN = st.text(alphabet=st.sampled_from(list("abcæøå ABC.,;:!?()\n")), max_size=40)


@st.composite
def national_ids(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2039, 12, 31)))
    first_nine = f"{day:%d%m%y}{draw(st.integers(0, 999)):03d}"
    if draw(st.booleans()):  # a D-number: 4 added to the first digit
        first_nine = str(int(first_nine[0]) + 4) + first_nine[1:]
    with_first = first_nine + fodselsnummer.calc_check_digit1(first_nine)
    number = with_first + fodselsnummer.calc_check_digit2(with_first)
    assume(len(number) == 11 and fodselsnummer.is_valid(number))
    return number


@given(before=PLAIN, number=national_ids(), after=PLAIN)
def test_any_valid_identity_number_in_any_text_is_flagged_once(before: str, number: str,
                                                               after: str) -> None:
    flags = [f for f in check_text(f"{before} {number} {after}")
             if f.kind is FlagKind.NATIONAL_ID]
    assert [f.text for f in flags] == [number]


@given(before=PLAIN, number=national_ids(), after=PLAIN)
def test_removing_every_flag_leaves_no_identity_number(before: str, number: str,
                                                       after: str) -> None:
    text = f"{before} {number} {after}"
    outcome = apply_resolutions(text, [FlagResolution(f.key, Resolution.REMOVED)
                                       for f in check_text(text)])
    assert number not in outcome.text and outcome.ready
