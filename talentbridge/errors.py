"""One hierarchy of errors; the status lives on the class.

The web layer turns them into JSON under /api and a message on the page; the CLI into
one line on stderr and a non-zero exit code.
"""


class TalentBridgeError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(TalentBridgeError):
    status_code = 404


class PermissionDenied(TalentBridgeError):
    status_code = 403


class Invalid(TalentBridgeError):
    status_code = 422
