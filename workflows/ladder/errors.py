"""Why a ladder action was refused. The web UI shows the message; the API maps the code to a status."""


class LadderError(Exception):
    """Base of every refusal; nothing has been written when one is raised."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(LadderError):
    """The input is wrong (a missing comment, an incomplete item)."""

    code = "invalid"
    http_status = 400


class NotAllowed(LadderError):
    """The user holds no grant for this action on this organisation."""

    code = "forbidden"
    http_status = 403


class Conflict(LadderError):
    """The item or task is not in a state that allows the action (already handled, claimed by someone else)."""

    code = "conflict"
    http_status = 409
