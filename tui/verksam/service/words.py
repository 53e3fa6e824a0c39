"""Words for what the analysis frames hold as codes (a change, a field, a kind, a direction), in
the current language, from the text catalog (model.field.*, analysis.change.*, kind.*,
analysis.better.*, analysis.basis.*): one place for the command line's summary, diff and history
and the app's history and diff screens. Words the documents write (statuses, assessments) are
data and stay as written."""

from __future__ import annotations

from ..text import language, t, word


def sv_en(sv: str, en: str) -> str:
    """`sv` in a Swedish interface, `en` in an English one. (The command line's older inline pairs;
    new text goes into the catalog.)"""
    return en if language() == "en" else sv


def change_word(c: str) -> str:
    return word("analysis.change", c)


def field_word(f: str) -> str:
    return word("model.field", f)


def field_label(field: str, period: str | None) -> str:
    """A changed field as a person reads it: "utfall 2025", "slutdatum"."""
    return (field_word(field) + (f" {period}" if period else "")).strip()


def kind_word(kind: str) -> str:
    return word("kind", kind)


def better_word(better: str) -> str:
    return word("analysis.better", better or "none")


def basis_word(basis: str) -> str:
    return word("analysis.basis", basis) if f"analysis.basis.{basis}" in _KEYS else t("analysis.basis.value")


_KEYS = ("analysis.basis.outcome", "analysis.basis.forecast")
