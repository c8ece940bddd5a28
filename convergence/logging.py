"""JSON-lines log formatting with the request context; secrets never logged."""

import json
import logging
from datetime import UTC, datetime

from .middleware import request_id_var, user_var

# Attributes of a LogRecord that are not extra fields.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_SECRET_KEYS = {"password", "passwd", "secret", "token", "sessionid", "session_key", "authorization", "cookie", "csrftoken"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
            "user": user_var.get(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key.lower() in _SECRET_KEYS:
                value = "[masqué]"
            elif key == "request":
                value = f"{getattr(value, 'method', '')} {getattr(value, 'path', '')}"
            entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
