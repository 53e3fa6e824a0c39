"""The source of the JSON Schemas in schemas/ (Draft 2020-12), one per kind of plan file.

`verksam schemas --write` (or `python -m verksam.store.schema_source`) writes them; `verksam
schemas --check` and a test check that schemas/ is current, and `validate` warns when it is not.
The enumerations come from the model, so the schemas and the code cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.entities import (
    ACTION_STATUSES, ASSESSMENTS, BETTER, COLUMN_MEASURES, COMPLETIONS, CONTROL_OUTCOMES, CONTROL_STATUSES,
    ITEM_KINDS, ROLES, ROUND_STATES, STATUSES, TRENDS,
)

ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 64,
      "description": "A short lowercase slug, stable across years"}
REF = {"type": "string", "pattern": "^([a-z0-9][a-z0-9-]*)?$", "description": "An id, or empty"}
TEXT = {"type": "string"}
NUMBER = {"type": "number"}
# TOML dates are not JSON types. Editors (Taplo) see them as strings with a format, so the
# schemas say so; verksam's own validator, which sees Python dates, reads the `x-toml` marker
# instead (store/schemas.py: a date field must hold a TOML date, not a string like "nonsense").
DATE = {"type": "string", "format": "date", "x-toml": "date"}
DATEISH = {"type": "string", "x-toml": "dateish"}
PERIOD = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
YEARS = {"type": "string", "pattern": r"^\d{4}(-\d{4})?$"}
VALUE = {
    # No oneOf: properties only apply to objects, and the gate (store/schemagate.py) has no type for it.
    "description": "A number, a text as written, or a qualified number { value, text, groups, note }",
    "type": ["number", "string", "object"],
    "additionalProperties": False,
    "properties": {
        "value": NUMBER,
        "text": TEXT,
        "note": TEXT,
        "year": {"type": "integer"},
        "groups": {"type": "object", "additionalProperties": NUMBER},
    },
}


EXTRA = {"type": "object", "description": "Any other column or field, heading → value as written"}


def obj(required: list[str], **props) -> dict:
    return {"type": "object", "additionalProperties": False, "required": required, "properties": props}


def entry(required: list[str], **props) -> dict:
    """An entry of a document: its own keys plus `extra` for anything else the source shows."""
    return obj(required, extra=EXTRA, **props)


def arr(item: dict) -> dict:
    return {"type": "array", "items": item}


def enum(values, allow_empty: bool = True) -> dict:
    return {"type": "string", "enum": list(values) + ([""] if allow_empty else [])}


COMMENT = obj(["text"], date=DATE, label=TEXT, author=TEXT, text=TEXT)
HEADER = {
    "kind": TEXT,
    "period": TEXT,
    "title": TEXT,
    "goal_period": YEARS,
    "office": REF,
    "date": DATE,
    "source": TEXT,
    "status": TEXT,
    "meta": {"type": "object", "description": "Further facts as written (dnr, decided by, …)"},
}
CONTRIBUTION = entry(
    [], goal=REF, area=REF, contribution=TEXT, note=TEXT,
    assessment=enum(ASSESSMENTS), trend=enum(TRENDS), analysis=TEXT,
)
BOARD_GOAL = entry(["id", "title"], id=ID, goal=REF, also_goals=arr(ID), number=TEXT, title=TEXT, text=TEXT, type=TEXT,
                 agenda2030=arr({"type": "integer", "minimum": 1, "maximum": 17}))
MEASURES = {"type": "object", "additionalProperties": False,
            "properties": {"outcome": VALUE, "target": VALUE, "forecast": VALUE}}
INDICATOR_ENTRY = entry(
    ["id"], id=ID, goal=REF, name=TEXT, responsible=REF, responsible_text=TEXT, baseline=VALUE,
    assessment=enum(ASSESSMENTS), trend=enum(TRENDS), footnotes=arr(TEXT),
    values={"type": "object", "propertyNames": PERIOD, "additionalProperties": MEASURES},
    comments=arr(COMMENT),
)
ITEM = obj(
    ["id", "kind", "title"], id=ID, kind=enum(ITEM_KINDS, allow_empty=False), goal=REF, parent=REF,
    label=TEXT, title=TEXT, description=TEXT, done_when=TEXT, responsible=REF,
    contributors=arr(ID), responsible_text=TEXT, carried_over={"type": "boolean"}, origin=TEXT,
    start=DATEISH, end=DATEISH, status=enum(STATUSES), completion=enum(COMPLETIONS),
    footnotes=arr(TEXT), extra=EXTRA, comments=arr(COMMENT),
)
COLUMN = entry(["heading"], heading=TEXT, unit=TEXT, measure=enum(COLUMN_MEASURES), period={"type": "string",
             "pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"})
ROW = entry(
    ["id", "label", "values"], id=ID, label=TEXT, values=arr(VALUE), parent=REF,
    total={"type": "boolean"}, sum_of=arr(ID), group=TEXT, code=TEXT, unit=REF, comment=TEXT,
)
TABLE = entry(["id", "title", "columns", "rows"], id=ID, title=TEXT, unit=TEXT, section=TEXT, note=TEXT,
            columns=arr(COLUMN), rows=arr(ROW))
SECTION = entry(["id", "title", "text"], id=ID, title=TEXT, parent=REF, goal=REF, unit=REF, text=TEXT)
LEVEL = {"type": "integer", "minimum": 1, "maximum": 4}
SCALE = obj(["id", "levels"], id=ID, title=TEXT,
            levels=arr(obj(["value", "label"], value={"type": "integer"}, label=TEXT, text=TEXT)))
HANDLING = obj(["min", "max", "text"], min={"type": "integer"}, max={"type": "integer"}, label=TEXT, text=TEXT)
RISK = entry(["id", "title"], id=ID, title=TEXT, process=TEXT, probability=LEVEL, consequence=LEVEL,
           value={"type": "integer", "minimum": 1, "maximum": 16}, handling=TEXT, responsible=REF)
CONTROL = entry(["id"], id=ID, risk=REF, process=TEXT, risk_value={"type": "integer"}, what=TEXT,
              method=TEXT, responsible_text=TEXT, followup=TEXT)
CONTROL_ACTION = obj(["text"], text=TEXT, owner=TEXT, due=DATE, status=enum(ACTION_STATUSES))
CONTROL_RESULT = obj(
    ["id"], id={**ID, "description": "The planned control's id ([[controls]] of the year's controls.toml)"}, unit=REF, performed=DATE, performed_by=TEXT, outcome=enum(CONTROL_OUTCOMES),
    deviations=TEXT, status=enum(CONTROL_STATUSES), evidence={"type": "string", "description": "A text or a link"},
    actions=arr(CONTROL_ACTION), comment=TEXT,
)
DATETIME = {"type": "string", "x-toml": "datetime"}  # a TOML date and time, or a date
ROUND = {
    "description": "The reporting round: deadline, instructions, each unit's state; approval locks the report",
    **obj(
        [], deadline=DATE, instructions=TEXT, controller=REF, approved_by=REF, approved_at=DATETIME,
        approved_comment=TEXT,
        units=arr(obj(["unit", "state"], unit=REF, state=enum(ROUND_STATES, allow_empty=False), by=REF,
                      at=DATETIME, comment=TEXT)),
    ),
}
PERSON = obj(
    ["id", "name", "emails", "role"], id=ID, name=TEXT,
    emails={"type": "array", "items": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"}, "minItems": 1},
    role=enum(ROLES, allow_empty=False), units=arr(ID), boards=arr(ID),
)

DOCUMENT_SECTIONS = {
    "plan": ["contributions", "board_goals", "indicators", "items", "tables", "sections"],
    "budget": ["contributions", "board_goals", "indicators", "items", "tables", "sections"],
    "followup": ["contributions", "board_goals", "indicators", "items", "tables", "sections", "control_results",
                 "round"],
    "controls": ["scales", "handling_rules", "risks", "controls", "tables", "sections"],
}
SECTION_SCHEMAS = {
    "contributions": arr(CONTRIBUTION), "board_goals": arr(BOARD_GOAL),
    "indicators": arr(INDICATOR_ENTRY), "items": arr(ITEM), "tables": arr(TABLE),
    "sections": arr(SECTION), "scales": arr(SCALE), "handling_rules": arr(HANDLING),
    "risks": arr(RISK), "controls": arr(CONTROL), "control_results": arr(CONTROL_RESULT), "round": ROUND,
}
TITLES = {
    "plan": "verksam: verksamhetsplan (plan.toml)",
    "budget": "verksam: budget (budget.toml)",
    "followup": "verksam: uppföljning, delårsrapport (followup/YYYY-MM.toml)",
    "controls": "verksam: internkontrollplan och riskanalys (controls.toml)",
}


def _document_schema(kind: str) -> dict:
    props = dict(HEADER)
    props["kind"] = {"const": kind}
    props["period"] = PERIOD if kind != "followup" else {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}
    for sec in DOCUMENT_SECTIONS[kind]:
        props[sec] = SECTION_SCHEMAS[sec]
    return {"title": TITLES[kind], **obj(["kind", "period", "title"], **props)}


def build_schemas() -> dict[str, dict]:
    out = {k: _document_schema(k) for k in DOCUMENT_SECTIONS}
    out["municipality"] = {
        "title": "verksam: kommun (municipality.toml)",
        **obj(
            ["kind", "name"], kind={"const": "municipality"}, name=TEXT,
            boards=arr(obj(["id", "name"], id=ID, name=TEXT, short=TEXT)),
            units=arr(obj(["id", "name"], id=ID, name=TEXT, short=TEXT,
                          type=enum(["kontor", "förvaltning", "avdelning", "enhet", "nämnd", "bolag", "extern"]),
                          parent=REF, board=REF, aliases=arr(TEXT))),
            people=arr(PERSON),
        ),
    }
    out["goals"] = {
        "title": "verksam: Mål och budget-period (goals/<period>.toml)",
        **obj(
            ["kind", "period", "title"], kind={"const": "goals"}, period=YEARS, title=TEXT,
            ambition_year={"type": "integer"}, source=TEXT, date=DATE,
            goal_areas=arr(entry(["id", "number", "title"], id=ID, number=TEXT, title=TEXT,
                               short_title=TEXT, ambition_year={"type": "integer"}, ambition=TEXT, text=TEXT)),
            goals=arr(entry(["id", "number", "title"], id=ID, area=REF, number=TEXT, type=TEXT, title=TEXT,
                          text=TEXT, agenda2030=arr({"type": "integer", "minimum": 1, "maximum": 17}),
                          same_as=REF)),
        ),
    }
    out["indicators"] = {
        "title": "verksam: indikatorer (indicators.toml)",
        **obj(
            ["kind"], kind={"const": "indicators"}, title=TEXT,
            indicators=arr(entry(
                ["id", "name"], id=ID, name=TEXT, type=enum(["KF", "nämnd"]), unit=TEXT,
                better=enum(BETTER, allow_empty=False), responsible=REF, responsible_text=TEXT,
                source=TEXT, interval=TEXT, definition=TEXT,
                range={"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
            )),
        ),
    }
    out = {name: _describe(schema) for name, schema in out.items()}
    for name, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://verksam.invalid/schemas/{name}.schema.json"
    return out


def _describe(schema: dict) -> dict:
    """A copy of the schema in which every key of every object carries its hover text (Swedish,
    English, the allowed values explained) from the one table of them, verksam.text.schema."""
    from ..text.schema import describe

    def walk(node):
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        props = out.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                if isinstance(sub, dict):
                    desc = describe(key, sub.get("enum"))
                    props[key] = {**sub, "description": desc}
        return out

    return walk(schema)


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in build_schemas().items():
        (folder / f"{name}.schema.json").write_text(render(schema), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write(Path(__file__).resolve().parents[3] / "schemas")
