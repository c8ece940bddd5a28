"""The dataset generator behind `manage.py generate_dataset`: a coherent programme at scale S, M
or L, written by COPY in one transaction, repeatable with a seed.

Steps: catalogue (wave, DSRs, REM), blobs (tiny stored files), agents, organisations (users,
products, rights), candidatures with phase 1, phase 2 per candidature (chapters, proofs,
deposits, files, reviews, journal), messages (only when the messaging app has a Message model).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from candidatures.models import Candidature
from comptes.models import Fichier, Organisation, User

from .acteurs import SIREN_PREFIX, USER_PREFIX, create_agents, create_organisations
from .blobs import ensure_blobs
from .candidatures import create_candidatures, finish
from .catalogue import ensure_catalogues, ensure_vague
from .db import Writer, cascade_delete
from .messages import create_messages
from .phase2 import create_phase2, write_reservation


@dataclass(frozen=True)
class Scale:
    organisations: int
    candidatures: int
    instructeurs: int
    verificateurs: int
    messages: int
    utilisateurs_par_org: tuple[int, int] = (1, 4)
    produits_par_org: tuple[int, int] = (1, 3)


SCALES = {
    "S": Scale(organisations=10, candidatures=30, instructeurs=2, verificateurs=3, messages=750),
    "M": Scale(organisations=300, candidatures=2000, instructeurs=10, verificateurs=30, messages=50_000),
    "L": Scale(organisations=1500, candidatures=10_000, instructeurs=50, verificateurs=150, messages=250_000),
}


class ProgrammeNonVide(Exception):
    """The database already holds a programme, and --reset was not given."""


def generated_exists() -> bool:
    return (
        Organisation.objects.filter(siren__startswith=SIREN_PREFIX).exists()
        or User.objects.filter(username__startswith=USER_PREFIX).exists()
    )


@transaction.atomic
def reset_generated() -> int:
    """Delete every generated organisation and user, and everything attached to them (in any
    app). The catalogue and the stored blobs stay: they are shared and reused. The big tables
    go first (candidatures, files), so that deleting the users has few references to clear."""
    orgs = f"organisation_id IN (SELECT id FROM {Organisation._meta.db_table} WHERE siren LIKE '{SIREN_PREFIX}%')"
    cascade_delete(Candidature, orgs)
    cascade_delete(Fichier, orgs)
    deleted = cascade_delete(Organisation, f"siren LIKE '{SIREN_PREFIX}%'")
    return deleted + cascade_delete(User, f"username LIKE '{USER_PREFIX}%'")


def generate(*, scale: str, seed: int = 1, reset: bool = False, log=print) -> dict[str, int]:
    """Fill the database with a programme at `scale`; returns the rows written per model."""
    sc = SCALES[scale]
    if generated_exists() or Candidature.objects.exists():
        if not reset:
            raise ProgrammeNonVide(
                "La base contient déjà un programme (candidatures ou données générées). "
                "Relancez avec --reset pour supprimer les données générées, ou utilisez une base vide."
            )
        started = time.monotonic()
        reset_generated()
        log(f"Données générées supprimées ({time.monotonic() - started:.1f} s).")
        if Candidature.objects.exists():
            log("Attention : la base contient d'autres candidatures, conservées ; les volumes s'y ajoutent.")
    rng = random.Random(seed)
    now = timezone.now()
    clock = [time.monotonic()]

    def step(label: str) -> None:
        t = time.monotonic()
        log(f"{label} ({t - clock[0]:.1f} s)")
        clock[0] = t

    with transaction.atomic():
        vague = ensure_vague()
        catalogues = ensure_catalogues(vague, random.Random(f"catalogue-{seed}"), log)
        blobs = ensure_blobs()
        step("Catalogue et fichiers")
        writer = Writer()
        agents = create_agents(writer, rng, sc)
        orgs = create_organisations(writer, rng, sc, agents)
        step("Organisations, utilisateurs, produits, agents")

        def phase2(cand):
            complete, reservation = create_phase2(writer, rng, cand, agents, blobs)
            finish(writer, rng, cand, agents)
            if reservation:
                write_reservation(writer, cand, reservation, acteur=cand.referent_id)
            return complete

        cands = create_candidatures(writer, rng, sc, orgs, catalogues, agents, now, phase2=phase2)
        step("Candidatures, chapitres, preuves, dépôts, revues, journal")
        create_messages(writer, rng, cands, agents, sc.messages, log)
        writer.flush()
        step("Messages et écriture")
    # After a bulk load, what autovacuum would do over the next hours, done at once: statistics for
    # the planner, and the visibility map and hint bits set (else the first reads of every page
    # write it back, and autovacuum's passes over the new tables run during the measures).
    # VACUUM cannot run in a transaction (the tests call this inside theirs): ANALYZE alone there.
    commande = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cur:
        for table in writer.tables.values():
            cur.execute(f"{commande} {connection.ops.quote_name(table.model._meta.db_table)}")
    step(f"Statistiques et carte de visibilité PostgreSQL ({commande})")
    return writer.counts()
