"""The two kinds of refusal the service gives both shells: the command line turns them into exit
codes 2 and 1 with one line, the app into a notice."""


class UsageError(Exception):
    """Wrong usage (a period, id or file that is not there, a bad option): exit code 2."""


class DataError(Exception):
    """The data has errors or refuses the request: exit code 1."""
