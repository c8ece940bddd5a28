"""Fixtures of phase 1: a wave, a DSR with profiles, a product and users with each level of rights."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidatures.enums import CndaStatus, StatutVague1
from candidatures.models import Candidature
from comptes.fichiers import IMAGE, PDF, enregistrer_fichier
from tests.factories import (
    CandidatureFactory,
    DSRFactory,
    HabilitationFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProduitFactory,
    ProfilFactory,
    UserFactory,
    VagueFactory,
    VersionProduitFactory,
)

from .fichiers import pdf, png


@pytest.fixture
def vague(db):
    return VagueFactory()


@pytest.fixture
def dsr(vague):
    return DSRFactory(vague=vague)


@pytest.fixture
def general(dsr):
    return dsr.profils.get(obligatoire=True)


@pytest.fixture
def profil_cnda(dsr):
    return ProfilFactory(dsr=dsr, nom="Consultation DMP en AIR simplifié", necessite_cnda=True, ordre=1)


@pytest.fixture
def profil_optionnel(dsr):
    return ProfilFactory(dsr=dsr, nom="Alimentation MSSanté", ordre=2)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(raison_sociale="Santé Logiciels SAS", siren="123456789", siret="12345678900012",
                               adresse="1 rue de la Paix\n75002 Paris")


@pytest.fixture
def produit(organisation):
    return ProduitFactory(organisation=organisation, nom="DPI Horizon")


@pytest.fixture
def version(produit):
    return VersionProduitFactory(produit=produit, numero="5.2.0")


def _habilite(produit, username, **droits):
    user = UserFactory(username=username, organisation=produit.organisation, first_name="Alex",
                       last_name=username.capitalize(), telephone="0102030405")
    HabilitationFactory(utilisateur=user, produit=produit, lire=True, **droits)
    return user


@pytest.fixture
def lecteur(produit):
    return _habilite(produit, "lecteur")


@pytest.fixture
def contributeur(produit):
    return _habilite(produit, "contributeur", contribuer=True)


@pytest.fixture
def soumetteur(produit):
    return _habilite(produit, "soumetteur", contribuer=True, soumettre=True)


@pytest.fixture
def admin_org(organisation):
    return OrgAdminFactory(username="admin-org", organisation=organisation, first_name="Claire", last_name="Martin",
                           email="claire.martin@sante-logiciels.test", telephone="0611223344")


@pytest.fixture
def autre_editeur(db):
    """An organisation administrator of another organisation: sees nothing of ours."""
    return OrgAdminFactory(username="autre", organisation=OrganisationFactory(raison_sociale="Concurrent SA"))


@pytest.fixture
def candidature(version, dsr, soumetteur):
    return CandidatureFactory(version=version, dsr=dsr, cree_par=soumetteur, charte_acceptee_par=soumetteur)


def completer(c: Candidature, *, by, vague1=StatutVague1.NON_REFERENCE, profils=()) -> Candidature:
    """Fill both steps directly (no service): a complete dossier ready to submit."""
    a = c.administrative
    a.raison_sociale, a.siren, a.siret = "Santé Logiciels SAS", "123456789", "12345678900012"
    a.contact_nom, a.contact_email, a.contact_telephone = "Claire Martin", "claire@example.test", "0611223344"
    a.statut_vague1 = vague1
    if vague1 == StatutVague1.REFERENCE:
        a.numero_referencement_vague1 = "SEGUR-V1-0042"
        a.attestation_vague1 = enregistrer_fichier(pdf(), categories=(PDF,), organisation=c.organisation,
                                                   produit=c.version.produit, by=by)
    a.save()
    e = c.eligibilite
    e.profils.add(*profils)
    if any(p.necessite_cnda for p in profils):
        e.nie, e.nil, e.cnda_statut = "NIE-001", "NIL-002", CndaStatus.PRE_EXAMEN
        e.cnda_date_retour = timezone.localdate() + timedelta(days=45)
        e.cnda_preuve = enregistrer_fichier(png(), categories=(IMAGE,), organisation=c.organisation,
                                            produit=c.version.produit, by=by)
        e.save()
    return c


def decaler_dates(vague, *, date1=None, date2=None, date3=None):
    """Move the wave's dates relative to now (timedelta from now), keeping them ordered."""
    now = timezone.now()
    vague.date1 = now + date1 if date1 is not None else vague.date1
    vague.date2 = now + date2 if date2 is not None else vague.date2
    vague.date3 = now + date3 if date3 is not None else vague.date3
    vague.save()
    return vague
