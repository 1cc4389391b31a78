"""Failures of something an action needs (the database, the file storage), as opposed to refusals of bad input."""


class ServiceUnavailable(Exception):
    """A resource failed mid-action; the action was rolled back as a whole and may simply be retried."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
