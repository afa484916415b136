"""One application error type, mapped to HTML form errors and JSON API errors in one place."""


class LoketError(Exception):
    """A refusal the user can act on. `message` is already in the user's language."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or ({field: [message]} if field else {})


class PermissionDenied(LoketError):
    status = 403


class NotFound(LoketError):
    status = 404
