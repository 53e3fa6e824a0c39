"""The footer: the screen's keys in the registry's order (the most important first) and only as
many as fit whole; a key that does not fit is left out rather than cut in half (issue 14, 80
columns). Every key is still in the help (`?`) and the command palette.

Cheap, because it is on every screen and Textual asks it to rebuild whenever the bindings might
have changed (every focus change): it rebuilds only when the keys it would show did change, and
it builds only the keys that can fit (each key widget costs a style pass)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    _shown: tuple | None = None  # what the keys last built were built from
    _built_for = 0  # the width they were built for

    def on_resize(self, event) -> None:
        if self.size.width > self._built_for:  # wider: more keys may fit than were built
            self.call_after_refresh(self.recompose)
        else:
            self.call_after_refresh(self.fit_keys)

    def _width_for(self) -> int:
        return self.size.width or self.app.size.width or 80

    def _signature(self) -> tuple:
        """The keys this footer would show now, as plain data (compared before rebuilding)."""
        if not self._bindings_ready or not self.is_attached:
            return ()
        keys = tuple((b.key, b.action, b.description, self.app.get_key_display(b), enabled, tooltip)
                     for (_, b, enabled, tooltip) in self.screen.active_bindings.values() if b.show)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, (palette[1].key, palette[2]) if palette else None, self.show_command_palette, self.compact

    async def recompose(self) -> None:
        shown = self._signature()
        if shown and shown == self._shown and self._width_for() <= self._built_for:
            self.call_after_refresh(self.fit_keys)
            return
        self._shown = shown
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def compose(self):
        """Textual's keys, less those that cannot fit: once the keys' text alone (their padding
        left out, so never too few) passes the width, fit_keys would hide the rest anyway."""
        width = self._width_for()
        self._built_for = width
        used, full = 0, False
        for w in super().compose():
            if isinstance(w, FooterKey) and not w.has_class("-command-palette"):
                least = cell_len(w.key_display) + cell_len(w.description)
                full = full or used + least > width  # fit_keys would hide it and every key after it
                if full:
                    continue
                used += least
            yield w

    def fit_keys(self) -> None:
        keys = list(self.query_children(FooterKey))
        if not keys or not self.size.width:
            return
        palette = [k for k in keys if k.has_class("-command-palette")]
        used = sum(self._width(k) for k in palette)
        full = False
        for k in keys:
            if k in palette:
                continue
            w = self._width(k)
            fits = not full and used + w <= self.size.width
            full = full or not fits
            if fits:
                used += w
            if k.display != fits:
                k.display = fits

    def _width(self, key: FooterKey) -> int:
        margin = key.styles.margin
        return key.render().cell_len + margin.left + margin.right + key.styles.padding.left + key.styles.padding.right \
            + (1 if key.styles.border_left[0] else 0)
