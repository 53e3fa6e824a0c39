"""The two kinds of failure a command reports in one line (their home is the service)."""

from ..service.errors import DataError, UsageError

__all__ = ["DataError", "UsageError"]
