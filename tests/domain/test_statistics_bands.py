"""Classifications for the statistics (DOMAIN §5, Tabell 3 and 5)."""

import datetime as dt

from ekspertbistand.domain import statistics as s


def test_nace_code_to_section_letter():
    assert s.nace_section("86.211") == "Q"
    assert s.nace_section("01.110") == "A"
    assert s.nace_section("03.2") == "A"
    assert s.nace_section("05.100") == "B"
    assert s.nace_section("33.1") == "C"
    assert s.nace_section("35.111") == "D"
    assert s.nace_section("99.000") == "U"
    assert s.nace_section("04.000") == "?"  # no division 04 in SN2007
    assert s.nace_section("") == "?"


def test_size_bands_at_the_edges_tabell_3():
    assert [s.size_band(n) for n in (9, 10, 20, 21, 50, 51, 100, 101)] == [
        "1–9", "10–20", "10–20", "21–50", "21–50", "51–100", "51–100", "over 100"]
    assert s.size_band(None) == "?"


def test_sector_from_institutional_sector_code():
    assert s.sector("6500") == "public"
    assert s.sector("1510") == "public"
    assert s.sector("2100") == "private"
    assert s.sector("7000") == "nonprofit"
    assert s.sector("") == "?"


def test_sex_and_age_band_from_the_national_id_on_the_day_before_and_of_the_birthday():
    # 01017012345-style test numbers: a valid fødselsnummer born 1970-01-15.
    from stdnum.no import fodselsnummer
    nid = "15017000000"
    for tail in range(100, 999):
        candidate = f"150170{tail:03d}"
        for k in range(100):
            full = candidate + f"{k:02d}"
            if fodselsnummer.is_valid(full):
                nid = full
                break
        else:
            continue
        break
    sex = "M" if int(nid[8]) % 2 else "K"
    assert s.person_from_national_id(nid, dt.date(2020, 1, 14)) == (sex, "40–49")
    assert s.person_from_national_id(nid, dt.date(2020, 1, 15)) == (sex, "50–59")
    assert s.person_from_national_id("123", dt.date(2020, 1, 1)) == ("?", "?")


def test_percentile_nearest_rank():
    assert s.percentile({1: 1, 2: 1, 3: 1, 4: 1}, 0.5) == 2
    assert s.percentile({1: 9, 30: 1}, 0.9) == 1
    assert s.percentile({1: 8, 30: 2}, 0.9) == 30
    assert s.percentile({}, 0.5) is None


def test_nav_twelve_units_from_the_2024_municipality_domain_2():
    assert s.nav_county_unit("3105") == "02"  # Sarpsborg, Østfold → Øst-Viken
    assert s.nav_county_unit("3203") == "06"  # Asker, Akershus → Vest-Viken
    assert s.nav_county_unit("3205") == "02"  # Lillestrøm → Øst-Viken
    assert s.nav_county_unit("5501") == "19"  # Tromsø
    assert s.nav_county_unit("0301") == "03"
    assert s.nav_county_unit("") == "?"
