"""Domain errors raised by services. Edges (views, API, commands) turn them into messages."""


class DomainError(Exception):
    """A rule of the domain refused an action. `message` is French and shown to the user."""

    code = "regle_metier"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class PermissionRefusee(DomainError):
    code = "droit_insuffisant"
    http_status = 403


class DateDepassee(DomainError):
    code = "date_depassee"
    http_status = 409


class TransitionInterdite(DomainError):
    code = "transition_interdite"
    http_status = 409


class ConflitEdition(DomainError):
    """Someone else saved the same object since the form was opened (optimistic lock)."""

    code = "conflit_edition"
    http_status = 409


class FichierRefuse(DomainError):
    code = "fichier_refuse"
    http_status = 400
