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
from ...text import t
from ...service.nav import Filters


class FilterScreen(ModalScreen[Filters | None]):

    def __init__(self, filters: Filters, municipalities: list[Municipality]):
        super().__init__()
        use_bindings(self, "filter")
        self.filters = filters
        self.units: list[tuple[str, str]] = []
        seen = set()
        for m in municipalities:
            for u in m.units:
                if u.id in seen:
                    continue
                seen.add(u.id)
                name = u.name + (f" ({u.short})" if u.short else "")
                if len(municipalities) > 1:
                    name += f" – {m.name}"
                self.units.append((name, u.id))
        self.units.sort()

    def compose(self) -> ComposeResult:
        f = self.filters
        with Vertical(id="filter-box"):
            yield Static(Text(t("filter.title"), style="bold"), classes="h1")
            yield Static(Text(t("filter.unit")))
            unit_value = f.unit or f.my_unit
            yield Select([(Text(n), u) for n, u in self.units], prompt=t("filter.any"), id="filter-unit",
                         value=unit_value if unit_value in {u for _, u in self.units} else Select.NULL)
            yield Static(Text(t("filter.status")))
            yield Select([(Text(s), s) for s in STATUSES], prompt=t("filter.any"), id="filter-status",
                         value=f.status or Select.NULL)
            yield StateCheckbox(t("filter.deviations"), f.deviations, id="filter-deviations")
            yield StateCheckbox(t("filter.no_update"), f.no_update, id="filter-no-update")
            with Horizontal(id="filter-buttons"):
                yield Button(t("filter.apply"), variant="primary", id="filter-apply")
                yield Button(t("filter.clear"), id="filter-clear")
                yield Button(t("filter.cancel"), id="filter-cancel")

    def current(self) -> Filters:
        unit = self.query_one("#filter-unit", Select).value
        status = self.query_one("#filter-status", Select).value
        unit = "" if unit is Select.NULL or unit is None else str(unit)
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
