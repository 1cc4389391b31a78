"""Refusals shared across apps: an action the acting person may not take, and a resource failing mid-action."""


class NotAllowed(Exception):
    """The acting person may not do this; nothing was written. The message tells them why, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ServiceUnavailable(Exception):
    """A resource failed mid-action; the action was rolled back as a whole and may simply be retried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
