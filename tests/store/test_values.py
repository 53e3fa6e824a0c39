import datetime as dt

import pytest

from verksam.model.values import FuzzyDate, Period, Value, format_number, parse_fuzzy_date, parse_swedish_number, year_span


@pytest.mark.parametrize(
    "text,precision,first,last",
    [
        ("2022-06-30", "day", "2022-06-30", "2022-06-30"),
        ("2022-06", "month", "2022-06-01", "2022-06-30"),
        ("2022-06-20 (KF)", "day", "2022-06-20", "2022-06-20"),
        ("Q1 2022 (ej politiskt beslut)", "quarter", "2022-01-01", "2022-03-31"),
        ("Våren 2022 (efter att vattenplanen har antagits)", "season", "2022-03-01", "2022-05-31"),
        ("20 juni 2022 (KF)", "day", "2022-06-20", "2022-06-20"),
        ("31 december 2022 (inget politiskt beslut)", "day", "2022-12-31", "2022-12-31"),
        ("November 2021", "month", "2021-11-01", "2021-11-30"),
        ("KF februari 2023", "month", "2023-02-01", "2023-02-28"),
        ("22-01-01", "day", "2022-01-01", "2022-01-01"),
        ("2025", "year", "2025-01-01", "2025-12-31"),
    ],
)
def test_fuzzy_dates_keep_text_and_parse(text, precision, first, last):
    d = parse_fuzzy_date(text)
    assert d.text == text
    assert d.precision == precision
    assert d.first == dt.date.fromisoformat(first)
    assert d.last == dt.date.fromisoformat(last)


@pytest.mark.parametrize("text", ["Pågår", "pågår", "Pågående", "Påbörjat 2021"])
def test_ongoing_is_not_a_date(text):
    d = parse_fuzzy_date(text)
    assert d.text == text
    if text == "Påbörjat 2021":
        assert d.precision == "year" and d.first.year == 2021
    else:
        assert d.precision == "ongoing" and d.first is None


@pytest.mark.parametrize("text", ["1 jan", "31 mars", "Enligt kommunstyrelsens verksamhetsplan", "2022-13-01"])
def test_unparseable_dates_stay_text(text):
    d = parse_fuzzy_date(text)
    assert d.text == text and d.first is None


def test_toml_date_is_day_precision():
    d = FuzzyDate.from_raw(dt.date(2202, 12, 31))
    assert d.text == "2202-12-31" and d.precision == "day"


def test_periods_sort_and_label():
    a, b, c = Period.parse("2025"), Period.parse("2025-04"), Period.parse("2024-10")
    assert sorted([a, b, c]) == [c, b, a]
    assert b.label_sv() == "per april 2025"
    assert Period.parse("2025-13") is None
    assert year_span("2025-2027") == (2025, 2027)


@pytest.mark.parametrize(
    "x,unit,out",
    [(-105481, "", "-105 481"), (8.2, "", "8,2"), (83.0, "%", "83,0 %"), (0, "", "0"), (1234.5, "", "1 234,5")],
)
def test_swedish_number_format(x, unit, out):
    assert format_number(x, unit=unit) == out


@pytest.mark.parametrize(
    "text,num",
    [("1 234,5", 1234.5), ("12,5 %", 12.5), ("−3", -3.0), ("-105 481", -105481.0), ("abc", None), ("", None),
     ("1\u00a0234,5", 1234.5), ("1\u202f234,5", 1234.5)],
)
def test_parse_swedish_number(text, num):
    assert parse_swedish_number(text) == num


def test_values_keep_text_and_groups():
    assert Value.from_raw("Basvärde tas fram").number is None
    q = Value.from_raw({"value": 8.2, "text": "8,2 (nollmätning)"})
    assert q.number == 8.2 and q.display() == "8,2 (nollmätning)"
    g = Value.from_raw({"text": "F 54 % P 61 %", "groups": {"F": 54, "P": 61}})
    assert g.groups == (("F", 54.0), ("P", 61.0)) and g.number is None
    assert Value.from_raw("").blank
