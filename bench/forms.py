"""Reading an HTML form without a browser (standard library only): used by the load and by the
large-file probe to send the platform's real deposit form."""

import time
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """The forms of a page: action, fields to send (hidden values, and plausible values for the
    required ones), the first file input and what it accepts."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "", "multipart": "multipart" in (a.get("enctype") or ""),
                "fields": [], "file": None, "accept": "",
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind, name = (a.get("type") or "text").lower(), a.get("name")
            if not name or kind in ("submit", "button", "reset", "image"):
                return
            if kind == "file":
                if self._form["file"] is None:
                    self._form["file"], self._form["accept"] = name, a.get("accept") or ""
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


def sample_for(accept: str) -> tuple[str, bytes, str]:
    """A small file the file input accepts: (name, content, type)."""
    from bench.samples import LOG, MP4, PDF, PNG

    accept = accept.lower()
    if not accept or "image" in accept:
        return "capture-bench.png", PNG, "image/png"
    if "video" in accept:
        return "video-bench.mp4", MP4, "video/mp4"
    if ".log" in accept or ".txt" in accept or "text" in accept:
        return "traces-bench.log", LOG, "text/plain"
    return "document-bench.pdf", PDF, "application/pdf"
