"""Widgets of the verksam app."""
