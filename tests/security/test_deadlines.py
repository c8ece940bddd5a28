"""Date N°3 under concurrency, on PostgreSQL: twenty actions fired from their own threads (and
database connections) in a window around the date. None is accepted after it: every accepted
action was started, and is journalled, at or before Date N°3, and every refusal for the date
came after it. The database stays consistent: one analysis round per chapter, however many
submit it at once, and consecutive version numbers for concurrent deposits on one proof."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from candidatures import services as candidatures
from candidatures.models import Candidature, Evenement, Vague
from comptes.errors import DateDepassee
from preuves.models import Depot, DossierChapitre, PreuveDemandee
from preuves.services import deposer_preuve, soumettre_chapitre
from tests.candidatures.conftest import completer
from tests.factories import (
    AgentFactory,
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    UserFactory,
)
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    contributeur_soumetteur,
    deposer_chapitre_ins,
    dossier,
    png,
    preuves_par_numero,
)

pytestmark = pytest.mark.django_db(transaction=True)

FENETRE = 0.4  # actions are fired from 400 ms before Date N°3 to 400 ms after it


def etaler(n: int) -> list[float]:
    return [-FENETRE + 2 * FENETRE * i / (n - 1) for i in range(n)]


def preparer():
    """Six candidatures with chapter INS ready to submit, one proof to deposit on, three
    dossiers to resubmit after a complement; their wave's dates 1 and 2 are past."""
    dsr = DSRFactory()
    cat = catalogue(dsr)
    chapitres = []
    for _ in range(6):
        c = candidature_en_preuves(cat)
        user = contributeur_soumetteur(c)
        deposer_chapitre_ins(c, user)
        chapitres.append((dossier(c, "INS").pk, user.pk))
    c = candidature_en_preuves(cat)
    depot = (preuves_par_numero(c)["INS/GEN.02"].pk, contributeur_soumetteur(c).pk)
    instructeur = AgentFactory(role="instructeur")
    dossiers = []
    for _ in range(3):
        c = CandidatureFactory(dsr=dsr)
        user = UserFactory(organisation=c.organisation)
        HabilitationFactory(utilisateur=user, produit=c.version.produit, lire=True, contribuer=True, soumettre=True)
        completer(c, by=user)
        candidatures.soumettre_dossier(c, by=user)
        candidatures.demander_complement(c, etape="eligibilite", message="Précisez le NIL.", by=instructeur)
        dossiers.append((c.pk, user.pk))
    Candidature.objects.update(preuves_completes_le=timezone.now() - timedelta(days=1))
    return dsr.vague, chapitres, depot, dossiers


def _soumettre_chapitre(pk, user_pk):
    from comptes.models import User

    return soumettre_chapitre(DossierChapitre.objects.get(pk=pk), by=User.objects.get(pk=user_pk))


def _deposer(pk, user_pk):
    from comptes.models import User

    return deposer_preuve(PreuveDemandee.objects.get(pk=pk), fichiers=[png()], by=User.objects.get(pk=user_pk))


def _resoumettre(pk, user_pk):
    from comptes.models import User

    return candidatures.soumettre_dossier(Candidature.objects.get(pk=pk), by=User.objects.get(pk=user_pk))


def test_no_action_is_accepted_after_date3_under_concurrency():
    vague, chapitres, depot, dossiers = preparer()
    # Each chapter is submitted twice at once; five deposits race on one proof.
    actions = [(_soumettre_chapitre, "chapitre_soumis", *a) for a in chapitres * 2]
    actions += [(_deposer, "preuve_deposee", *depot)] * 5
    actions += [(_resoumettre, "dossier_resoumis", *a) for a in dossiers]
    decalages = etaler(len(actions))
    # Interleave the kinds over the window: each kind has actions before and after the date.
    ordre = sorted(range(len(actions)), key=lambda i: (i % 4, i))
    maintenant = timezone.now()
    date3 = maintenant + timedelta(seconds=3)
    Vague.objects.filter(pk=vague.pk).update(
        date1=maintenant - timedelta(days=2), date2=maintenant - timedelta(days=1), date3=date3
    )
    barriere = threading.Barrier(len(actions))
    resultats: list[dict | None] = [None] * len(actions)

    def lancer(i, fn, action, pk, user_pk, decalage):
        try:
            barriere.wait()
            time.sleep(max(0.0, (date3 - timezone.now()).total_seconds() + decalage))
            debut = timezone.now()
            try:
                fn(pk, user_pk)
                erreur = None
            except Exception as exc:  # every refusal is recorded and checked below
                erreur = exc
            resultats[i] = {"action": action, "pk": pk, "debut": debut, "fin": timezone.now(), "erreur": erreur}
        finally:
            connection.close()

    threads = [threading.Thread(target=lancer, args=(k, *actions[j], decalages[k])) for k, j in enumerate(ordre)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert all(r is not None for r in resultats)
    acceptees = [r for r in resultats if r["erreur"] is None]
    hors_delai = [r for r in resultats if isinstance(r["erreur"], DateDepassee)]
    autres = [r for r in resultats if r["erreur"] is not None and not isinstance(r["erreur"], DateDepassee)]
    assert acceptees and hors_delai  # the window did straddle the date
    # No accepted action started after Date N°3, and each is journalled at or before it.
    assert [r for r in acceptees if r["debut"] > date3] == []
    journal = Evenement.objects.filter(
        action__in=["chapitre_soumis", "preuve_deposee", "dossier_resoumis"], created_at__gte=maintenant
    )
    assert journal.count() == len(acceptees)
    assert list(journal.filter(created_at__gt=date3)) == []
    # A refusal for the date was decided after it.
    assert [r for r in hors_delai if r["fin"] <= date3] == []
    # The only other refusal: the second submission of a chapter already submitted.
    assert {type(r["erreur"]).__name__ for r in autres} <= {"TransitionInterdite"}
    assert all(r["action"] == "chapitre_soumis" for r in autres)
    # One round per chapter, whatever the number of concurrent submissions.
    for pk, _user in chapitres:
        d = DossierChapitre.objects.get(pk=pk)
        soumissions = journal.filter(action="chapitre_soumis", cible=f"chapitre:{pk}").count()
        assert d.tour == soumissions <= 1
    # Concurrent deposits on one proof: versions 1..n, no gap, no duplicate.
    versions = sorted(Depot.objects.filter(preuve_id=depot[0]).values_list("version", flat=True))
    assert versions == list(range(1, len(versions) + 1))
    assert len(versions) == sum(1 for r in acceptees if r["action"] == "preuve_deposee")
