"""Candidatures and their phase 1: charter, administrative dossier, eligibility (profiles), and
the journal of their status changes, each one an edge of CANDIDATURE_TRANSITIONS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from candidatures.enums import CandidatureStatus as S
from candidatures.enums import CndaStatus, EtapeStatus, StatutVague1
from candidatures.models import (
    Candidature,
    CandidatureAdministrative,
    Eligibilite,
    Evenement,
)

from .acteurs import Agents, Org, add_version
from .catalogue import Catalogue

# Share of candidatures per status (sums to 100).
STATUS_MIX = [
    (S.BROUILLON, 8), (S.DOSSIER_SOUMIS, 7), (S.COMPLEMENT_DEMANDE, 5), (S.PREUVES, 46),
    (S.PREUVES_VALIDEES, 8), (S.CONVENTION_A_SIGNER, 5), (S.CONVENTION_SIGNEE, 4), (S.EN_COLLEGE, 4),
    (S.REFERENCEE, 8), (S.NON_REFERENCEE, 3), (S.ABANDONNEE, 2),
]
PHASE2 = {
    S.PREUVES, S.PREUVES_VALIDEES, S.CONVENTION_A_SIGNER, S.CONVENTION_SIGNEE, S.EN_COLLEGE, S.REFERENCEE,
    S.NON_REFERENCEE,
}
AFTER_PROOFS = [S.PREUVES_VALIDEES, S.CONVENTION_A_SIGNER, S.CONVENTION_SIGNEE, S.EN_COLLEGE]


@dataclass
class Cand:
    id: int
    org: Org
    catalogue: Catalogue
    statut: str
    produit_id: int
    profils: list[int]
    vague1: bool
    editor_ids: list[int]  # users who act on it (admin + users with rights on the product)
    referent_id: int | None
    clock: datetime
    later_edges: list[tuple[str, str]] = field(default_factory=list)


def status_path(rng, final: str) -> list[tuple[str, str]]:
    """The edges walked from brouillon to `final` (every pair is in the transition table)."""
    edges: list[tuple[str, str]] = []

    def go(to):
        edges.append((edges[-1][1] if edges else S.BROUILLON, to))

    if final == S.BROUILLON:
        return edges
    if final == S.ABANDONNEE:
        if rng.random() < 0.5:
            go(S.DOSSIER_SOUMIS)
        go(S.ABANDONNEE)
        return edges
    go(S.DOSSIER_SOUMIS)
    if final == S.DOSSIER_SOUMIS:
        return edges
    if final == S.COMPLEMENT_DEMANDE or rng.random() < 0.3:
        go(S.COMPLEMENT_DEMANDE)
        if final == S.COMPLEMENT_DEMANDE:
            return edges
        go(S.DOSSIER_SOUMIS)
    go(S.PREUVES)
    if final == S.PREUVES:
        return edges
    for step in AFTER_PROOFS:
        go(step)
        if final == step:
            return edges
    go(S.REFERENCEE if final == S.REFERENCEE else S.NON_REFERENCEE)
    return edges


def _etape(statut: str) -> str:
    if statut in PHASE2:
        return EtapeStatus.VALIDEE
    return {
        S.DOSSIER_SOUMIS: EtapeStatus.SOUMISE,
        S.COMPLEMENT_DEMANDE: EtapeStatus.COMPLEMENT_DEMANDE,
    }.get(statut, EtapeStatus.COMPLETE)


def create_candidatures(
    writer, rng, scale, orgs: list[Org], catalogues: list[Catalogue], agents: Agents, now, *, phase2
) -> list[Cand]:
    """`scale.candidatures` candidatures spread over organisations, DSRs and statuses.
    `phase2(cand)` writes what follows the validation of the dossier and returns the moment the
    whole proof dossier had been submitted once (or None); it runs before the row is written."""
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    used: set[tuple[int, int]] = set()  # (version, dsr) of non-abandoned candidatures
    through = Eligibilite.profils.through
    cands = []
    numero = 0
    for i in range(scale.candidatures):
        org = orgs[i % len(orgs)] if i < len(orgs) else rng.choice(orgs)
        catalogue = rng.choice(catalogues)
        statut = rng.choice(statuses)
        produit = rng.choice(org.produits)
        free = [v for v in org.versions[produit] if (v, catalogue.dsr.pk) not in used]
        version = free[0] if free else add_version(writer, org, produit)
        if statut != S.ABANDONNEE:
            used.add((version, catalogue.dsr.pk))
        start = now - timedelta(days=rng.uniform(150, 300) if statut in PHASE2 else rng.uniform(20, 140))
        editors = [org.admin_id, *rng.sample(org.users[1:], k=min(len(org.users) - 1, 2))]
        referent = rng.choice(agents.instructeurs) if statut not in (S.BROUILLON, S.ABANDONNEE) else None
        profils = [catalogue.general_id, *rng.sample(catalogue.optional_ids, k=rng.randint(1, min(3, len(catalogue.optional_ids))))]
        vague1 = rng.random() < 0.4
        cand_id = writer[Candidature].new_id()
        cand = Cand(cand_id, org, catalogue, statut, produit, profils, vague1, editors, referent, start)
        times = _phase1(writer, rng, cand, status_path(rng, statut))
        complete = phase2(cand)
        if statut == S.REFERENCEE:
            numero += 1
        writer[Candidature].add(
            id=cand_id, organisation_id=org.id, version_id=version, vague_id=catalogue.dsr.vague_id,
            dsr_id=catalogue.dsr.pk, statut=statut, charte_acceptee_par_id=org.admin_id, charte_acceptee_le=start,
            referent_id=referent, cree_par_id=org.admin_id, premiere_soumission_le=times.get("premiere"),
            dossier_soumis_le=times.get(S.DOSSIER_SOUMIS), dossier_valide_le=times.get(S.PREUVES),
            preuves_completes_le=complete,
            numero_referencement=f"SEGUR-V2-{catalogue.dsr.code}-{numero:05d}" if statut == S.REFERENCEE else None,
            created_at=start, updated_at=cand.clock,
        )
        etape = _etape(statut)
        writer[CandidatureAdministrative].add(
            candidature_id=cand_id, statut=etape, raison_sociale=org.raison_sociale, siren=org.siren,
            siret=f"{org.siren}00015", adresse="1 rue de la Santé, 75014 Paris", contact_nom="Camille Martin",
            contact_email=f"contact-{org.siren}@bench.example.test", contact_telephone="0102030405",
            statut_vague1=StatutVague1.REFERENCE if vague1 else StatutVague1.NON_REFERENCE,
            numero_referencement_vague1=f"SEGUR-V1-{cand_id:06d}" if vague1 else "", revision=rng.randint(1, 4),
            modifie_par_id=org.admin_id,
        )
        eligibilite = writer[Eligibilite].add(
            candidature_id=cand_id, statut=etape, nie=f"NIE{org.siren}", nil=f"NIL{cand_id:07d}",
            cnda_statut=rng.choice([CndaStatus.PRE_EXAMEN, CndaStatus.EXAMEN_CONFORMITE, CndaStatus.FINALISATION]),
            cnda_date_retour=(now + timedelta(days=rng.randint(10, 90))).date(), revision=rng.randint(1, 3),
            modifie_par_id=org.admin_id,
        )
        for profil in profils:
            writer[through].add(eligibilite_id=eligibilite, profil_id=profil)
        cands.append(cand)
    return cands


def journal(writer, cand: Cand, action: str, *, acteur, at, cible="", avant="", apres="", message="", details=None):
    writer[Evenement].add(
        candidature_id=cand.id, organisation_id=cand.org.id, acteur_id=acteur, action=action, cible=cible,
        statut_avant=avant, statut_apres=apres, message=message, details=details or {}, created_at=at,
    )


def advance(rng, cand: Cand, *, hours: tuple[float, float]) -> datetime:
    cand.clock += timedelta(hours=rng.uniform(*hours))
    return cand.clock


def _phase1(writer, rng, cand: Cand, path) -> dict:
    """Journal the charter and the status changes of phase 1 (and after, for the statuses past
    phase 2: those are written once phase 2 is generated, see `finish`)."""
    journal(writer, cand, "charte_acceptee", acteur=cand.org.admin_id, at=cand.clock, cible=f"candidature:{cand.id}")
    times: dict = {}
    for avant, apres in path:
        if avant == S.PREUVES or avant in AFTER_PROOFS:
            cand.later_edges.append((avant, apres))
            continue
        at = advance(rng, cand, hours=(2, 96))
        agent = apres in (S.COMPLEMENT_DEMANDE, S.PREUVES)
        journal(
            writer, cand, "statut_change", acteur=cand.referent_id if agent else rng.choice(cand.editor_ids), at=at,
            cible=f"candidature:{cand.id}", avant=avant, apres=apres,
        )
        if apres == S.DOSSIER_SOUMIS:
            times.setdefault("premiere", at)
        times[apres] = at
    return times


def finish(writer, rng, cand: Cand, agents: Agents) -> None:
    """Journal the status changes after the proofs (convention, college), after phase 2's events."""
    for avant, apres in cand.later_edges:
        at = advance(rng, cand, hours=(24, 120))
        journal(
            writer, cand, "statut_change", acteur=cand.referent_id or rng.choice(agents.instructeurs), at=at,
            cible=f"candidature:{cand.id}", avant=avant, apres=apres,
        )
