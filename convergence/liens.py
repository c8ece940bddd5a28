"""Links to the routes that take ids, reversed once per process.

`reverse()` walks the URL resolver on every call (40 to 100 µs): a page that links each of its
rows (the verification queue, a chapter's proofs, a page of deposits and their files) called it
a hundred times. A route is reversed once with a mark in place of each id, then filled in."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

MARQUE = "987654321"


def lien(nom: str, *ids: int) -> str:
    """`reverse(nom, args=ids)` for a route whose arguments are integers."""
    morceaux = _modele(nom, len(ids), get_script_prefix(), get_urlconf())
    out = [morceaux[0]]
    for pk, suite in zip(ids, morceaux[1:], strict=True):
        out.append(str(int(pk)))
        out.append(suite)
    return "".join(out)


def lien_par_id(nom: str):
    """`pk -> lien(nom, pk)` for a route of one id, the script prefix and URLconf read once: for a
    loop over many rows."""
    avant, apres = _modele(nom, 1, get_script_prefix(), get_urlconf())
    return lambda pk: f"{avant}{int(pk)}{apres}"


@lru_cache(maxsize=512)
def _modele(nom: str, n: int, prefixe: str, urlconf) -> tuple[str, ...]:
    marques = [f"{MARQUE}{i}" for i in range(n)]
    chemin = reverse(nom, args=marques)
    morceaux = []
    for marque in marques:
        avant, trouve, chemin = chemin.partition(marque)
        if not trouve:
            raise ValueError(f"{nom} : argument introuvable dans {chemin!r}")
        morceaux.append(avant)
    return (*morceaux, chemin)
