"""The footer: the screen's keys in the registry's order (the most important first) and only as
many as fit whole; a key that does not fit is left out rather than cut in half (issue 14, 80
columns). Every key is still in the help (`?`) and the command palette."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    def on_resize(self, event) -> None:
        self.call_after_refresh(self.fit_keys)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

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
