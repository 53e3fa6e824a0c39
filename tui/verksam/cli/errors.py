"""The two kinds of failure a command reports in one line."""


class UsageError(Exception):
    """Wrong usage: exit code 2."""


class DataError(Exception):
    """The data has errors: exit code 1."""
