"""Organisations, their users (an administrator and users created by them, with rights on
products), products and versions, and the agency's staff (instructeurs, vérificateurs).

Generated organisations have a SIREN starting with 999 and generated users a username starting
with `bench-`: that is how `--reset` finds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from comptes.models import Habilitation, Organisation, Produit, User, VersionProduit
from comptes.policy import ROLE_INSTRUCTEUR, ROLE_VERIFICATEUR

SIREN_PREFIX = "999"
FANOUT_SIREN = "999999999"  # the fan-out probe's audience (bench/fanout.py), not part of the dataset
USER_PREFIX = "bench-"
FIRST = ["Camille", "Louis", "Inès", "Hugo", "Léa", "Nathan", "Chloé", "Jules", "Manon", "Adam", "Sarah", "Paul"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon"]
COMPANY = ["Médi", "Santé", "Hospi", "Radio", "Cabinet", "Clini", "Data", "Pulse", "Vita", "Onco", "Cardio", "Soft"]
SUFFIX = ["logic", "soft", "systèmes", "informatique", "numérique", "connect", "lab", "tech"]
PRODUCT = ["Dossier", "Cabinet", "Imagerie", "Passerelle", "Agenda", "Pilot", "Suite", "Dossier Patient"]


@dataclass
class Org:
    id: int
    siren: str
    raison_sociale: str
    admin_id: int
    users: list[int] = field(default_factory=list)  # every user, admin first
    produits: list[int] = field(default_factory=list)
    versions: dict[int, list[int]] = field(default_factory=dict)  # produit -> versions
    version_count: int = 0


@dataclass
class Agents:
    instructeurs: list[int]
    verificateurs: list[int]


def _user(writer, rng, *, username: str, organisation_id=None, is_staff=False, **extra) -> int:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{username}@bench.example.test"
    pk = writer[User].add(
        username=username, first_name=first, last_name=last, email=email, is_staff=is_staff, is_active=True,
        password=f"!{rng.getrandbits(128):032x}", organisation_id=organisation_id, **extra,
    )
    writer[EmailAddress].add(user_id=pk, email=email, verified=True, primary=True)
    return pk


def create_agents(writer, rng, scale) -> Agents:
    groups = {name: Group.objects.get_or_create(name=name)[0].pk for name in (ROLE_INSTRUCTEUR, ROLE_VERIFICATEUR)}
    through = User.groups.through
    agents = Agents([], [])
    for role, count, target in (
        (ROLE_INSTRUCTEUR, scale.instructeurs, agents.instructeurs),
        (ROLE_VERIFICATEUR, scale.verificateurs, agents.verificateurs),
    ):
        for i in range(1, count + 1):
            pk = _user(writer, rng, username=f"{USER_PREFIX}{role}-{i}", is_staff=True)
            writer[through].add(user_id=pk, group_id=groups[role])
            target.append(pk)
    return agents


def create_organisations(writer, rng, scale, agents: Agents) -> list[Org]:
    orgs = []
    for i in range(scale.organisations):
        siren = f"{SIREN_PREFIX}{i:06d}"
        raison = f"{rng.choice(COMPANY)}{rng.choice(SUFFIX)} {i} SAS"
        org_id = writer[Organisation].new_id()
        admin = _user(
            writer, rng, username=f"{USER_PREFIX}{siren}-admin", organisation_id=org_id,
            est_admin_organisation=True, peut_gerer_utilisateurs=True, isc_role="REPRESENTANT",
        )
        writer[Organisation].add(
            id=org_id, siren=siren, siret=f"{siren}00015", raison_sociale=raison,
            adresse=f"{i + 1} rue de la Santé, 75014 Paris", gestionnaire_compte_id=rng.choice(agents.instructeurs),
        )
        org = Org(org_id, siren, raison, admin, users=[admin])
        for n in range(rng.randint(*scale.produits_par_org)):
            produit = writer[Produit].add(
                organisation_id=org_id, nom=f"{rng.choice(PRODUCT)} {raison.split()[0]} {n + 1}", cree_par_id=admin
            )
            org.produits.append(produit)
            org.versions[produit] = []
            add_version(writer, org, produit)
        for n in range(rng.randint(*scale.utilisateurs_par_org)):
            user = _user(
                writer, rng, username=f"{USER_PREFIX}{siren}-u{n + 1}", organisation_id=org_id, cree_par_id=admin,
                peut_gerer_utilisateurs=rng.random() < 0.2, isc_role="SALARIE",
            )
            org.users.append(user)
            for produit in org.produits:
                if rng.random() < 0.8:
                    contribuer = rng.random() < 0.8
                    writer[Habilitation].add(
                        utilisateur_id=user, produit_id=produit, lire=True, contribuer=contribuer,
                        soumettre=contribuer and rng.random() < 0.5, signer=False, accordee_par_id=admin,
                    )
        orgs.append(org)
    return orgs


def add_version(writer, org: Org, produit: int) -> int:
    org.version_count += 1
    version = writer[VersionProduit].add(produit_id=produit, numero=f"{len(org.versions[produit]) + 1}.0.{org.version_count}")
    org.versions[produit].append(version)
    return version
