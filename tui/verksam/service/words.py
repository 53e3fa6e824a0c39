"""Words for what the analysis frames hold as codes (a change, a field, a kind, a direction), in
the current language (`verksam.text.language()`): one place for the command line's summary, diff
and history and the app's history and diff screens. Words the documents write (statuses,
assessments) are data and stay as written."""

from __future__ import annotations

from ..analysis.diff import CHANGE_SV, FIELD_SV
from ..model.entities import ITEM_KIND_SV
from ..text import language

BETTER_SV = {"higher": "högre är bättre", "lower": "lägre är bättre", "none": "ingen riktning", "": "ingen riktning"}
BETTER_EN = {"higher": "higher is better", "lower": "lower is better", "none": "no direction", "": "no direction"}
CHANGE_EN = {"added": "new", "removed": "removed", "changed": "changed", "set": "set", "cleared": "cleared",
             "later": "later", "earlier": "earlier", "increased": "raised", "decreased": "lowered"}
FIELD_EN = {"completion": "completion forecast", "end": "end date", "start": "start date", "latest_comment_date":
            "latest comment, date", "latest_comment": "latest comment", "parent": "belongs to"}
KIND_EN = {"uppdrag": "Assignment", "initiativ": "Initiative", "åtgärd": "Action"}
BASIS_SV = {"outcome": "utfall", "forecast": "prognos"}
BASIS_EN = {"outcome": "outcome", "forecast": "forecast"}


def sv_en(sv: str, en: str) -> str:
    """`sv` in a Swedish interface, `en` in an English one."""
    return en if language() == "en" else sv


def change_word(c: str) -> str:
    return CHANGE_EN.get(c, c) if language() == "en" else CHANGE_SV.get(c, c)


def field_word(f: str) -> str:
    return FIELD_EN.get(f, f) if language() == "en" else FIELD_SV.get(f, f)


def field_label(field: str, period: str | None) -> str:
    """A changed field as a person reads it: "utfall 2025", "slutdatum"."""
    return (field_word(field) + (f" {period}" if period else "")).strip()


def kind_word(kind: str) -> str:
    return KIND_EN.get(kind, kind) if language() == "en" else ITEM_KIND_SV.get(kind, kind)


def better_word(better: str) -> str:
    return (BETTER_EN if language() == "en" else BETTER_SV).get(better, better)


def basis_word(basis: str) -> str:
    return (BASIS_EN if language() == "en" else BASIS_SV).get(basis, sv_en("värde", "value"))
