"""Factories of phase 3, and builders of candidatures at a given point of the journey."""

from datetime import timedelta

import factory
from django.utils import timezone

from candidatures.enums import CandidatureStatus
from conventions.models import ModeleConvention, SessionCollege
from preuves.enums import ChapitreStatus, PreuveStatus
from tests.factories import (
    CandidatureFactory,
    DossierChapitreFactory,
    HabilitationFactory,
    PreuveDemandeeFactory,
    UserFactory,
    VagueFactory,
)

CORPS = (
    "<h2>Article 1 — Objet</h2><p>Référencement de {{ produit.nom }} version {{ version.numero }} "
    "éditée par {{ organisation.raison_sociale }} pour le DSR {{ dsr.code }} ({{ vague.nom }}), profils : "
    "{% for p in profils %}{{ p.nom }}{% if not forloop.last %}, {% endif %}{% endfor %}. "
    "Fait le {{ date|date:'j F Y' }}.</p>"
)


class ModeleConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModeleConvention

    vague = factory.SubFactory(VagueFactory)
    version = factory.Sequence(lambda n: n + 1)
    titre = "Convention de référencement Ségur — Vague 2"
    corps = CORPS
    actif = True


class SessionCollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionCollege

    date = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    lieu = "Visioconférence"
    membres = "Présidente du collège\nExpert interopérabilité"


def candidature_preuves_validees(*, n_preuves: int = 2, modele: bool = True, **kwargs):
    """A candidature whose requested proofs are all conforme (one validated chapter), in
    preuves_validees, with an active convention template for its wave."""
    candidature = CandidatureFactory(statut=CandidatureStatus.PREUVES_VALIDEES, **kwargs)
    dossier = DossierChapitreFactory(candidature=candidature, statut=ChapitreStatus.VALIDE)
    for _ in range(n_preuves):
        PreuveDemandeeFactory(dossier=dossier, statut=PreuveStatus.CONFORME)
    if modele and not ModeleConvention.objects.filter(vague=candidature.vague, actif=True).exists():
        ModeleConventionFactory(vague=candidature.vague)
    return candidature


def signataire(candidature, **kwargs):
    """An editor user of the candidature's organisation with the `signer` right on its product."""
    user = UserFactory(organisation=candidature.organisation, **kwargs)
    HabilitationFactory(utilisateur=user, produit=candidature.version.produit, lire=True, signer=True)
    return user


def lecteur(candidature, **kwargs):
    """An editor user of the candidature's organisation who may only read its product."""
    user = UserFactory(organisation=candidature.organisation, **kwargs)
    HabilitationFactory(utilisateur=user, produit=candidature.version.produit, lire=True)
    return user
