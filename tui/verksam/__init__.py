"""verksam: plans and follow-ups as TOML files in Git."""
__version__ = "0.1.0"
