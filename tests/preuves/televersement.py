"""Upload a large file to a live server without holding it in memory (test and benchmark helper).

The multipart body is generated on the fly (an MP4 `ftyp` header followed by zeros) and sent in
1 MB chunks over http.client, while a thread samples the process's resident memory (VmRSS).
"""

from __future__ import annotations

import http.client
import re
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

MO = 1024 * 1024
FTYP = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def rss() -> int:
    """Resident set size of this process, in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Sonde(threading.Thread):
    """Samples VmRSS every 20 ms until stopped; `pic` is the highest value seen."""

    def __init__(self):
        super().__init__(daemon=True)
        self.depart = rss()
        self.pic = self.depart
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            self.pic = max(self.pic, rss())
            time.sleep(0.02)

    def arreter(self) -> int:
        self._stop_event.set()
        self.join()
        self.pic = max(self.pic, rss())
        return self.pic - self.depart


@dataclass
class Resultat:
    status: int
    location: str
    secondes: float
    croissance_rss: int


def _parties(champs: dict[str, str], nom: str, taille: int, frontiere: str):
    debut = b"".join(
        f'--{frontiere}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in champs.items()
    )
    debut += (
        f'--{frontiere}\r\nContent-Disposition: form-data; name="fichiers"; filename="{nom}"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    fin = f"\r\n--{frontiere}--\r\n".encode()
    return debut, fin


def televerser_video(base_url: str, chemin: str, session_cookie: tuple[str, str], taille: int, *, champs=None) -> Resultat:
    """POST a `taille`-byte MP4 to `chemin` (a page with a CSRF-protected form) as the logged-in
    session; return the response status, its redirect and the RSS growth during the request."""
    s = requests.Session()
    s.cookies.set(*session_cookie)
    page = s.get(base_url + chemin)
    page.raise_for_status()
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    frontiere = "----convergence" + secrets.token_hex(8)
    debut, fin = _parties({"csrfmiddlewaretoken": jeton, **(champs or {})}, "grande-video.mp4", taille, frontiere)
    cookies = "; ".join(f"{c.name}={c.value}" for c in s.cookies)
    hote = urlsplit(base_url)
    conn = http.client.HTTPConnection(hote.hostname, hote.port, timeout=600)
    sonde = Sonde()
    sonde.start()
    t0 = time.monotonic()
    conn.putrequest("POST", chemin)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={frontiere}")
    conn.putheader("Content-Length", str(len(debut) + taille + len(fin)))
    conn.putheader("Cookie", cookies)
    conn.putheader("Referer", base_url + chemin)
    conn.endheaders()
    conn.send(debut)
    conn.send(FTYP)
    zeros = b"\x00" * MO
    reste = taille - len(FTYP)
    while reste > 0:
        n = min(MO, reste)
        conn.send(zeros if n == MO else zeros[:n])
        reste -= n
    conn.send(fin)
    reponse = conn.getresponse()
    reponse.read()
    secondes = time.monotonic() - t0
    croissance = sonde.arreter()
    conn.close()
    return Resultat(reponse.status, reponse.getheader("Location") or "", secondes, croissance)
