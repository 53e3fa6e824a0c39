"""Screens of the verksam app."""
