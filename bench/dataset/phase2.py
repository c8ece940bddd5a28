"""Phase 2 of one candidature: its chapter dossiers, requested proofs, deposits (versions 1-3)
with their files, the verifiers' reviews per proof and per chapter, and the journal.

Each chapter is simulated round by round along CHAPITRE_TRANSITIONS and PREUVE_TRANSITIONS:
round r deposits a new version of every proof not yet conforme (`Depot.tour = r`, the round
that analyses it; a deposit not yet submitted carries the next round), the chapter is
submitted, taken by a verifier, and decided. The final chapter status decides how many rounds
ran and whether the last one is decided.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from candidatures.enums import CandidatureStatus as S
from candidatures.enums import CndaStatus
from comptes.models import Fichier
from preuves.enums import ChapitreStatus as C
from preuves.enums import DecisionChapitre, TypePreuve
from preuves.enums import PreuveStatus as P
from preuves.models import Depot, DossierChapitre, PreuveDemandee, Revue, RevueChapitre

from .candidatures import PHASE2, Cand, journal

# Final status of a chapter while the candidature is in `preuves`.
CHAPTER_MIX = [(C.A_COMPLETER, 25), (C.SOUMIS, 15), (C.EN_ANALYSE, 15), (C.EN_ATTENTE_EDITEUR, 20), (C.VALIDE, 25)]
BLOB_OF_TYPE = {
    TypePreuve.VIDEO: "mp4", TypePreuve.LOG: "log", TypePreuve.DOCUMENT: "pdf", TypePreuve.FICHIER: "pdf",
    TypePreuve.TEST_INTRUSION: "pdf", TypePreuve.CNDA: "png", TypePreuve.CAPTURE: "png",
    TypePreuve.VIDEO_OU_CAPTURE: "png",
}
COMMENTS = [
    "La séquence ne montre pas l'étape attendue du scénario.",
    "Les traces fournies ne correspondent pas au scénario.",
    "Merci de fournir la vidéo complète du scénario.",
    "Le statut CNDA indiqué n'est pas justifié.",
]


def _plan(rng, final: str) -> tuple[list[str | None], bool]:
    """Decisions of the rounds (None: submitted, not decided) and whether deposits are pending."""
    attente = DecisionChapitre.EN_ATTENTE_EDITEUR
    if final == C.A_COMPLETER:
        return [], True
    if final in (C.SOUMIS, C.EN_ANALYSE):
        return [attente] * (rng.choice([1, 1, 1, 2, 2, 3]) - 1) + [None], False
    if final == C.EN_ATTENTE_EDITEUR:
        return [attente] * rng.choice([1, 1, 2]), True
    return [attente] * (rng.choice([1, 1, 1, 2, 2, 3]) - 1) + [DecisionChapitre.VALIDE], False


class Chapter:
    """The simulation of one chapter dossier; writes its rows through the writer."""

    def __init__(self, writer, rng, cand: Cand, blobs, chapitre_id: int, proofs, verificateur: int, start):
        self.w, self.rng, self.cand, self.blobs = writer, rng, cand, blobs
        self.id = writer[DossierChapitre].new_id()
        self.chapitre_id = chapitre_id
        self.verificateur = verificateur
        self.clock = start
        self.statut = C.A_COMPLETER
        self.tour = 0
        self.soumis_le = None
        self.first_submission = None
        self.decide_le = None
        self.proofs = [
            {"id": writer[PreuveDemandee].new_id(), "proof": p, "statut": P.A_FOURNIR, "version": 0, "depot": None}
            for p in proofs
        ]

    def tick(self, minutes: tuple[float, float]):
        self.clock += timedelta(minutes=self.rng.uniform(*minutes))
        return self.clock

    def event(self, to: str, *, acteur, message=""):
        journal(
            self.w, self.cand, "chapitre_statut", acteur=acteur, at=self.clock, cible=f"chapitre:{self.id}",
            avant=self.statut, apres=to, message=message,
        )
        self.statut = to

    def deposit(self, state: dict, tour: int) -> None:
        rng, cand, proof = self.rng, self.cand, state["proof"]
        state["version"] += 1
        by = rng.choice(cand.editor_ids)
        at = self.tick((1, 30))
        extra = {}
        if proof.type == TypePreuve.TEST_INTRUSION:
            extra = {"prestataire_passi": "Audit Sécurité PASSI SAS", "date_test": (at - timedelta(days=40)).date(),
                     "ko_haute": 0, "ko_moyenne": rng.randint(0, 10)}
        elif proof.type == TypePreuve.CNDA:
            extra = {"cnda_nil": f"NIL{cand.id:07d}", "cnda_statut": CndaStatus.PRE_EXAMEN,
                     "cnda_date_retour": (at + timedelta(days=60)).date()}
        elif proof.type == TypePreuve.LIEN_INTEROP:
            extra = {"lien": f"https://gazelle.example.test/rapports/{cand.id}-{state['id']}-{state['version']}"}
        depot = self.w[Depot].add(
            preuve_id=state["id"], candidature_id=cand.id, version=state["version"], tour=tour, depose_par_id=by, created_at=at,
            commentaire="Nouvelle version suite à la revue." if state["version"] > 1 else "", **extra,
        )
        kind = BLOB_OF_TYPE.get(proof.type)
        if kind:
            if kind == "png" and rng.random() < 0.2:
                kind = "mp4"
            blob = self.blobs[kind]
            for n in range(2 if kind == "png" and rng.random() < 0.3 else 1):
                fichier = self.w[Fichier].add(
                    organisation_id=cand.org.id, produit_id=cand.produit_id, fichier=blob.name,
                    nom=f"{proof.numero.replace('/', '-')}-v{state['version']}{'-' + str(n + 1) if n else ''}{blob.nom[blob.nom.rindex('.'):]}",
                    type_mime=blob.mime, taille=blob.size, sha256=blob.sha256, depose_par_id=by, created_at=at,
                )
                self.w[Depot.fichiers.through].add(depot_id=depot, fichier_id=fichier)
        journal(
            self.w, cand, "preuve_deposee", acteur=by, at=at, cible=f"preuve:{state['id']}",
            details={"version": state["version"]},
        )
        state["depot"] = depot
        state["statut"] = P.DEPOSEE

    def review(self, tour: int, decision: str) -> None:
        rng = self.rng
        deposited = [s for s in self.proofs if s["statut"] == P.DEPOSEE]
        statuses = [P.CONFORME] * len(deposited)
        if decision != DecisionChapitre.VALIDE:
            statuses = [P.CONFORME if rng.random() < 0.75 else rng.choice([P.NON_CONFORME, P.A_COMPLETER]) for _ in deposited]
            if deposited and all(s == P.CONFORME for s in statuses):
                statuses[rng.randrange(len(statuses))] = P.NON_CONFORME
        for state, statut in zip(deposited, statuses, strict=True):
            self.w[Revue].add(
                depot_id=state["depot"], preuve_id=state["id"], tour=tour, statut=statut,
                commentaire="" if statut == P.CONFORME else rng.choice(COMMENTS), verificateur_id=self.verificateur,
                created_at=self.tick((1, 20)),
            )
            state["statut"] = statut
        self.w[RevueChapitre].add(
            dossier_id=self.id, tour=tour, decision=decision, verificateur_id=self.verificateur, created_at=self.clock,
            commentaire="" if decision == DecisionChapitre.VALIDE else "Des preuves sont à reprendre.",
        )
        self.decide_le = self.clock
        self.event(decision, acteur=self.verificateur)

    def run(self, final: str) -> None:
        rng = self.rng
        plan, pending = _plan(rng, final)
        for tour, decision in enumerate(plan, 1):
            for state in self.proofs:
                if state["statut"] != P.CONFORME:
                    self.deposit(state, tour)
            self.tick((60, 48 * 60))
            self.tour, self.soumis_le = tour, self.clock
            self.first_submission = self.first_submission or self.clock
            self.event(C.SOUMIS, acteur=rng.choice(self.cand.editor_ids))
            if decision is None and final == C.SOUMIS:
                break
            self.tick((30, 24 * 60))
            self.event(C.EN_ANALYSE, acteur=self.verificateur)
            if decision is None:
                break
            self.tick((12 * 60, 120 * 60))
            self.review(tour, decision)
        if pending:
            for state in self.proofs:
                if state["statut"] in (P.A_FOURNIR, P.NON_CONFORME, P.A_COMPLETER) and rng.random() < 0.6:
                    self.deposit(state, self.tour + 1)

    def college_reservation(self) -> list[int]:
        """A blocking reservation of the college: some conforme proofs become non conforme and the
        chapter waits for the editor (the journal lines are written later, see `write_reservation`)."""
        chosen = self.rng.sample(self.proofs, k=min(len(self.proofs), self.rng.randint(1, 2)))
        for state in chosen:
            state["statut"] = P.NON_CONFORME
        self.statut = C.EN_ATTENTE_EDITEUR
        return [s["id"] for s in chosen]

    def write(self) -> None:
        assigned = self.tour > 1 or self.statut not in (C.A_COMPLETER, C.SOUMIS)
        self.w[DossierChapitre].add(
            id=self.id, candidature_id=self.cand.id, chapitre_id=self.chapitre_id, statut=self.statut, tour=self.tour,
            verificateur_id=self.verificateur if assigned else None, soumis_le=self.soumis_le, decide_le=self.decide_le,
            updated_at=self.clock,
        )
        for state in self.proofs:
            self.w[PreuveDemandee].add(
                id=state["id"], candidature_id=self.cand.id, dossier_id=self.id, preuve_attendue_id=state["proof"].id,
                statut=state["statut"], dernier_depot_id=state["depot"], updated_at=self.clock,
            )


def create_phase2(writer, rng, cand: Cand, agents, blobs):
    """The chapters of a candidature past phase 1. Returns (first moment the whole dossier had
    been submitted, or None; the reservation to journal after the college, or None)."""
    if cand.statut not in PHASE2:
        return None, None
    selected = set(cand.profils)
    by_chapter = defaultdict(list)
    for proof in cand.catalogue.proofs:
        if proof.profil_id in selected and not (cand.vague1 and proof.vague1):
            by_chapter[proof.chapitre_id].append(proof)
    statuses = [s for s, w in CHAPTER_MIX for _ in range(w)]
    start = cand.clock
    chapters = []
    for chapitre_id in cand.catalogue.chapitres:
        if not by_chapter[chapitre_id]:
            continue
        chapter = Chapter(
            writer, rng, cand, blobs, chapitre_id, by_chapter[chapitre_id], rng.choice(agents.verificateurs),
            start + timedelta(hours=rng.uniform(1, 72)),
        )
        chapter.run(rng.choice(statuses) if cand.statut == S.PREUVES else C.VALIDE)
        chapters.append(chapter)
    reservation = None
    if cand.statut == S.NON_REFERENCEE and chapters:
        chapter = rng.choice(chapters)
        reservation = (chapter, chapter.college_reservation())
    for chapter in chapters:
        chapter.write()
    cand.clock = max([start, *(c.clock for c in chapters)])
    firsts = [c.first_submission for c in chapters]
    complete = max(firsts) if firsts and all(firsts) else None
    return complete, reservation


def write_reservation(writer, cand: Cand, reservation, acteur) -> None:
    chapter, preuve_ids = reservation
    chapter.clock = cand.clock
    journal(
        writer, cand, "chapitre_statut", acteur=acteur, at=cand.clock, cible=f"chapitre:{chapter.id}",
        avant=C.VALIDE, apres=C.EN_ATTENTE_EDITEUR, message="Réserve bloquante du collège de référencement.",
    )
    for pk in preuve_ids:
        journal(writer, cand, "preuve_statut", acteur=acteur, at=cand.clock, cible=f"preuve:{pk}",
                avant=P.CONFORME, apres=P.NON_CONFORME, message="Réserve bloquante du collège de référencement.")
