"""`f`: filters for unit ("my unit"), status, only deviations and no update this period."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from ..commands import use_bindings
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Select, Static


class StateCheckbox(Checkbox):
    """A checkbox whose state is a glyph, not only a colour: ✓ when on, a space when off
    (readable with NO_COLOR and on monochrome terminals)."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's own attribute name
        return "✓" if self.value else " "

    def watch_value(self) -> None:
        self.refresh()

from ...model.entities import STATUSES, Municipality
from ...service.choices import unit_groups
from ...service.nav import Filters
from ...text import t


class FilterScreen(ModalScreen[Filters | None]):

    def __init__(self, filters: Filters, municipalities: list[Municipality]):
        super().__init__()
        use_bindings(self, "filter")
        self.filters = filters
        self.groups = unit_groups(municipalities)
        self.labels: dict[str, str] = {}
        for g in self.groups:
            for c in g.choices:
                self.labels.setdefault(c.value, c.label + (f" – {g.heading}" if len(self.groups) > 1 else ""))
        unit = filters.unit or filters.my_unit
        self.unit = unit if unit in self.labels else ""

    def compose(self) -> ComposeResult:
        f = self.filters
        with Vertical(id="filter-box"):
            yield Static(Text(t("filter.title"), style="bold"), classes="h1")
            yield Static(Text(t("filter.unit")))
            yield Button(self.unit_label(), id="filter-unit", tooltip=t("filter.unit_key"))
            yield Static(Text(t("filter.status")))
            yield Select([(Text(s), s) for s in STATUSES], prompt=t("filter.any"), id="filter-status",
                         value=f.status or Select.NULL)
            yield StateCheckbox(t("filter.deviations"), f.deviations, id="filter-deviations")
            yield StateCheckbox(t("filter.no_update"), f.no_update, id="filter-no-update")
            with Horizontal(id="filter-buttons"):
                yield Button(t("filter.apply"), variant="primary", id="filter-apply")
                yield Button(t("filter.clear"), id="filter-clear")
                yield Button(t("filter.cancel"), id="filter-cancel")

    def on_mount(self) -> None:
        self.query_one("#filter-unit", Button).focus()

    def unit_label(self) -> Text:
        return Text(self.labels.get(self.unit, t("filter.any")) + " ▾")

    @on(Button.Pressed, "#filter-unit")
    def unit_pressed(self) -> None:
        self.pick_unit()

    def pick_unit(self, query: str = "") -> None:
        """The units, type to narrow, grouped by municipality (screens/pick.py)."""
        from .pick import PickScreen

        def picked(value: str | None) -> None:
            if value is None:
                return
            self.unit = value
            self.query_one("#filter-unit", Button).label = self.unit_label()
            self.query_one("#filter-apply", Button).focus()

        self.app.push_screen(PickScreen(t("filter.pick_unit"), self.groups, current=self.unit, query=query,
                                        none_label=t("filter.any")), picked)

    def on_key(self, event) -> None:
        """Typing on the unit field opens the list with what was typed."""
        if (self.focused is self.query_one("#filter-unit", Button) and event.character
                and event.character.isprintable() and not event.character.isspace()):
            event.stop()
            event.prevent_default()
            self.pick_unit(event.character)

    def current(self) -> Filters:
        unit = self.unit
        status = self.query_one("#filter-status", Select).value
        return Filters(
            unit=unit,
            status="" if status is Select.NULL or status is None else str(status),
            deviations=self.query_one("#filter-deviations", Checkbox).value,
            no_update=self.query_one("#filter-no-update", Checkbox).value,
            my_unit=unit or self.filters.my_unit,
        )

    @on(Button.Pressed, "#filter-apply")
    def apply(self) -> None:
        self.dismiss(self.current())

    @on(Button.Pressed, "#filter-clear")
    def clear(self) -> None:
        self.dismiss(Filters(my_unit=self.filters.my_unit))

    @on(Button.Pressed, "#filter-cancel")
    def cancel(self) -> None:
        self.dismiss(None)
