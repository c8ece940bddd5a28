"""Labels of choices, looked up once per language.

`get_FOO_display()` translates every label of the field's choices to find one; the pages draw a
status for every row (proofs of a chapter, candidatures of a dashboard)."""

from functools import lru_cache

from django.utils.translation import get_language


def libelle(choix, code: str) -> str:
    """The label of `code` among the `choix` (a TextChoices, or a model field with choices) in the
    active language; `code` itself if it is none of them."""
    return libelles(choix).get(code, code)


def libelles(choix) -> dict[str, str]:
    """Every label of `choix` (a TextChoices, or a model field with choices), by code, in the
    active language."""
    return _libelles(choix, get_language())


@lru_cache(maxsize=64)
def _libelles(choix, langue: str) -> dict[str, str]:
    return {code: str(texte) for code, texte in choix.choices}
