"""The store's refusals, shared by the write path's modules."""

from __future__ import annotations


class WriteRefused(Exception):
    """The write would lose or corrupt data, or could not be made; the message says what state
    the files are in (normally: nothing was written)."""


class RepoError(Exception):
    """A user's mistake about the repository (not a data problem): shown as one line."""
