"""Messages of the candidatures' threads, when the messaging app has a `Message` model.

The messaging models are another app's; this step reads their shape instead of assuming it:
every required foreign key must point to a model it knows (the candidature, its organisation,
a user: the author, or a thread model of messagerie, itself filled the same way), and every
other required field must be text or a date. Anything else: the step is skipped, with a line
saying why. One thread per candidature past its first submission.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.db import models

from candidatures.enums import CandidatureStatus as S
from candidatures.models import Candidature
from comptes.models import Organisation, User

TEXTS = [
    "Bonjour, pourriez-vous préciser le périmètre du profil sélectionné ?",
    "Merci pour votre retour, nous déposons une nouvelle version de la preuve.",
    "La preuve du chapitre SSI a été analysée : voir les commentaires par preuve.",
    "Le dossier administratif est complet, merci.",
    "Nous avons mis à jour l'attestation CNDA (statut Pré-examen).",
]


class Unsupported(Exception):
    pass


def message_model():
    if not apps.is_installed("messagerie"):
        return None
    try:
        return apps.get_model("messagerie", "Message")
    except LookupError:
        return None


def _fill(model, known: dict, *, text: str, at, last=None) -> dict:
    """A row of `model`: known foreign keys, dates at `at` (`last` for a "dernier…" date),
    required text; optional fields keep their default."""
    row = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation:
            if f.related_model in known:
                row[f.attname] = known[f.related_model]
            elif not f.null:
                raise Unsupported(f"{model.__name__}.{f.name} → {f.related_model.__name__}")
        elif isinstance(f, models.DateTimeField):
            row[f.attname] = last if last is not None and f.name.startswith("dernier") else at
        elif f.has_default() or f.null or f.blank:
            continue
        elif isinstance(f, (models.CharField, models.TextField)):
            row[f.attname] = text[: f.max_length] if f.max_length else text
        else:
            raise Unsupported(f"{model.__name__}.{f.name} ({f.get_internal_type()})")
    return row


def create_messages(writer, rng, cands, agents, count: int, log) -> int:
    message_cls = message_model()
    if message_cls is None:
        log("  messagerie.Message absent : étape des messages sautée")
        return 0
    threads = {
        f.related_model for f in message_cls._meta.concrete_fields
        if f.is_relation and f.related_model._meta.app_label == "messagerie" and not f.null
    }
    thread_cls = threads.pop() if len(threads) == 1 else None
    if threads:
        log("  messagerie.Message a plusieurs liens obligatoires vers messagerie : étape sautée")
        return 0
    eligible = [c for c in cands if c.statut not in (S.BROUILLON,)]
    if not eligible:
        return 0
    made = 0
    try:
        per = max(1, count // len(eligible))
        for cand in eligible:
            start = cand.clock - timedelta(days=rng.uniform(5, 60))
            n = max(0, min(per + rng.randint(-per // 2, per // 2), count - made))
            times = [start]
            for _ in range(n):
                times.append(times[-1] + timedelta(hours=rng.uniform(1, 48)))
            known = {Candidature: cand.id, Organisation: cand.org.id, User: cand.org.admin_id}
            if thread_cls is not None:
                row = _fill(thread_cls, known, text=f"Candidature {cand.id}", at=start, last=times[-1])
                known[thread_cls] = writer[thread_cls].add(**row)
            for at in times[1:]:
                author = rng.choice([*cand.editor_ids, cand.referent_id or rng.choice(agents.instructeurs)])
                writer[message_cls].add(**_fill(message_cls, {**known, User: author}, text=rng.choice(TEXTS), at=at))
                made += 1
    except Unsupported as exc:
        log(f"  messagerie.Message : champ obligatoire non pris en charge ({exc}) : étape sautée")
        writer.tables.pop(message_cls, None)
        if thread_cls is not None:
            writer.tables.pop(thread_cls, None)
        return 0
    return made
