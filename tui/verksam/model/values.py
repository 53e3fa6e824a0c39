"""Values as the documents write them: numbers, text, qualified numbers, fuzzy dates, periods.

Pure functions and frozen dataclasses only; no I/O.
"""

from __future__ import annotations

import calendar
from functools import lru_cache
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

MEASURES = ("outcome", "target", "forecast", "baseline")
MEASURE_SV = {"outcome": "Utfall", "target": "Mål", "forecast": "Prognos", "baseline": "Basvärde"}


@dataclass(frozen=True, slots=True)
class Value:
    """One cell: a number, a text as written, or both (a qualified number), or sub-group values."""

    number: float | None = None
    text: str | None = None
    groups: tuple[tuple[str, float], ...] = ()
    note: str | None = None

    @property
    def blank(self) -> bool:
        return self.number is None and not self.text and not self.groups

    @classmethod
    def from_raw(cls, raw: Any) -> "Value":
        t = type(raw)
        if t is float or t is int:
            return cls(float(raw))
        if t is str:
            return cls(text=raw) if raw else _BLANK
        if raw is None:
            return _BLANK
        if isinstance(raw, bool):  # a bool is not a value; kept as text so nothing is lost
            return cls(text=str(raw).lower())
        if isinstance(raw, (int, float)):
            return cls(number=float(raw))
        if isinstance(raw, str):
            return cls(text=raw) if raw != "" else cls()
        if isinstance(raw, dict):
            num = raw.get("value")
            groups = raw.get("groups") or {}
            return cls(
                number=float(num) if isinstance(num, (int, float)) and not isinstance(num, bool) else None,
                text=raw.get("text") if isinstance(raw.get("text"), str) else None,
                groups=tuple(
                    (str(k), float(v)) for k, v in groups.items() if isinstance(v, (int, float))
                )
                if isinstance(groups, dict)
                else (),
                note=raw.get("note") if isinstance(raw.get("note"), str) else None,
            )
        return cls(text=str(raw))

    def display(self, unit: str = "") -> str:
        """As a Swedish reader expects it: the text as written, else the formatted number."""
        if self.text:
            return self.text
        if self.number is not None:
            return format_number(self.number, unit=unit)
        if self.groups:
            return " ".join(f"{k} {format_number(v, unit=unit)}" for k, v in self.groups)
        return ""


_BLANK = Value()


def format_number(x: float | None, unit: str = "", decimals: int | None = None) -> str:
    """Swedish number formatting: `-105 481`, `8,2`, `83,0 %` (space as thousands separator)."""
    if x is None:
        return ""
    if decimals is None:
        decimals = 0 if float(x).is_integer() and unit != "%" else (1 if abs(x) >= 1 or x == 0 else 2)
        if unit != "%" and not float(x).is_integer():
            s = repr(float(x))
            if "e" not in s:
                decimals = min(max(len(s.split(".")[1]), 1), 3)
    s = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",")
    sign = "-" if x < 0 and s.strip("0, ") else ""
    out = sign + s
    if unit == "%":
        out += " %"
    return out


_SV_NUMBER = re.compile(r"^[+\-−–]?\s*\d[\d \u00a0\u202f]*(?:[.,]\d+)?\s*%?$")  # spaces as Excel copies them: U+00A0, U+202F


def parse_swedish_number(text: str) -> float | None:
    """Parse what a Swedish user types: "1 234,5", "12,5 %", "−3" (real minus). None if not a number."""
    t = text.strip()
    if not t or not _SV_NUMBER.match(t):
        return None
    t = t.replace("%", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    t = t.replace("−", "-").replace("–", "-").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


# ---------------------------------------------------------------- dates as written

MONTHS_SV = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
MONTH_NAMES_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                  "september", "oktober", "november", "december")
SEASONS_SV = {"våren": (3, 5), "sommaren": (6, 8), "hösten": (9, 11), "vintern": (12, 2)}
ONGOING = ("pågår", "pågående", "pågå", "påbörjat", "påbörjad")

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})\b(?!-)")
_SHORT_DAY = re.compile(r"^(\d{2})-(\d{2})-(\d{2})$")
_QUARTER = re.compile(r"\bQ([1-4])\s+(\d{4})\b", re.I)
_SEASON = re.compile(r"\b(våren|sommaren|hösten|vintern)\s+(\d{4})\b", re.I)
_DAY_WORDS = re.compile(r"\b(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})\b", re.I)
_MONTH_WORDS = re.compile(r"\b([a-zåäö]+)\s+(\d{4})\b", re.I)
_YEAR = re.compile(r"^(?:[^\d]*\s)?(\d{4})$")


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as written ("2022-06", "Q1 2022", "Våren 2022", "Pågår") beside what it means.

    `first` and `last` are the first and last day the text can mean; `precision` is one of
    day, month, quarter, season, year, ongoing, none.
    """

    text: str
    first: dt.date | None = None
    last: dt.date | None = None
    precision: str = "none"

    @property
    def known(self) -> bool:
        return self.first is not None

    def iso(self) -> str:
        """The parsed date in ISO form where one is known (the last day it can mean)."""
        if self.precision == "day" and self.first:
            return self.first.isoformat()
        if self.last:
            return self.last.isoformat()
        return ""

    @classmethod
    def from_raw(cls, raw: Any) -> "FuzzyDate | None":
        if raw is None or raw == "":
            return None
        if isinstance(raw, dt.datetime):
            raw = raw.date()
        if isinstance(raw, dt.date):
            return cls(raw.isoformat(), raw, raw, "day")
        return parse_fuzzy_date(str(raw))


def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def parse_fuzzy_date(text: str) -> FuzzyDate:
    t = text.strip()
    low = t.lower()
    try:
        if m := _ISO_DAY.match(t):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return FuzzyDate(text, d, d, "day")
        if m := _ISO_MONTH.match(t):
            a, b = _month_span(int(m[1]), int(m[2]))
            return FuzzyDate(text, a, b, "month")
        if m := _SHORT_DAY.match(t):
            d = dt.date(2000 + int(m[1]), int(m[2]), int(m[3]))
            return FuzzyDate(text, d, d, "day")
        if m := _QUARTER.search(t):
            q, y = int(m[1]), int(m[2])
            a, _ = _month_span(y, 3 * q - 2)
            _, b = _month_span(y, 3 * q)
            return FuzzyDate(text, a, b, "quarter")
        if m := _SEASON.search(t):
            s, e = SEASONS_SV[m[1].lower()]
            y = int(m[2])
            a, _ = _month_span(y, s)
            _, b = _month_span(y + (1 if e < s else 0), e)
            return FuzzyDate(text, a, b, "season")
        if (m := _DAY_WORDS.search(t)) and m[2].lower() in MONTHS_SV:
            d = dt.date(int(m[3]), MONTHS_SV[m[2].lower()], int(m[1]))
            return FuzzyDate(text, d, d, "day")
        if (m := _MONTH_WORDS.search(t)) and m[1].lower() in MONTHS_SV:
            a, b = _month_span(int(m[2]), MONTHS_SV[m[1].lower()])
            return FuzzyDate(text, a, b, "month")
        if m := _YEAR.match(t):
            y = int(m[1])
            return FuzzyDate(text, dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except ValueError:  # 2022-13-01 and the like: kept as text, not understood
        return FuzzyDate(text)
    if low.startswith(ONGOING):
        return FuzzyDate(text, precision="ongoing")
    return FuzzyDate(text)


# ---------------------------------------------------------------- periods

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """`YYYY` (a year), `YYYY-MM` (per the end of that month) or `YYYY-MM-DD` (a date)."""

    end: dt.date
    text: str = field(compare=False)

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def kind(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.text)]

    @classmethod
    def parse(cls, text: str) -> "Period | None":
        m = _PERIOD.match(str(text).strip())
        if not m:
            return None
        y = int(m[1])
        try:
            if m[3]:
                return cls(dt.date(y, int(m[2]), int(m[3])), m[0])
            if m[2]:
                return cls(_month_span(y, int(m[2]))[1], m[0])
            return cls(dt.date(y, 12, 31), m[0])
        except ValueError:
            return None

    def label_sv(self) -> str:
        if self.kind == "year":
            return self.text
        if self.kind == "month":
            return f"per {MONTH_NAMES_SV[self.end.month - 1]} {self.end.year}"
        return self.text


@lru_cache(maxsize=4096)
def period_sort_key(text: str) -> tuple:
    p = Period.parse(text)
    return (p.end, len(p.text)) if p else (dt.date.max, len(text))


def year_span(text: str) -> tuple[int, int] | None:
    """ "2025-2027" -> (2025, 2027); "2025" -> (2025, 2025)."""
    m = re.match(r"^(\d{4})(?:\s*[-–]\s*(\d{2,4}))?$", str(text).strip())
    if not m:
        return None
    a = int(m[1])
    b = m[2]
    if b is None:
        return a, a
    return a, int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
