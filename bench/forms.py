"""Reading an HTML form without a browser (standard library only): used by the load and by the
large-file probe to send the platform's real deposit form."""

import time
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The fields of the first multipart form of a page (the deposit form)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "multipart": "multipart" in (a.get("enctype") or ""), "fields": [], "file": None}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind, name = (a.get("type") or "text").lower(), a.get("name")
            if not name or kind in ("submit", "button", "reset", "image"):
                return
            if kind == "file":
                self._form["file"] = self._form["file"] or name
            elif kind == "hidden":
                self._form["fields"].append((name, a.get("value") or ""))
            elif kind in ("checkbox", "radio"):
                if "required" in a or "checked" in a:
                    self._form["fields"].append((name, a.get("value") or "on"))
            elif "required" in a or a.get("value"):
                default = {"url": "https://example.test/rapport", "date": time.strftime("%Y-%m-%d"), "number": "0",
                           "email": "bench@example.test"}.get(kind, "Dépôt du banc de mesure")
                self._form["fields"].append((name, a.get("value") or default))
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append((a["name"], "Dépôt du banc de mesure"))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self._form["fields"].append((self._select, a["value"]))
            self._select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
