"""factory_boy factories for the whole domain, with unsurprising defaults."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from candidatures.enums import CandidatureStatus
from candidatures.models import (
    DSR,
    Candidature,
    CandidatureAdministrative,
    Eligibilite,
    Profil,
    Vague,
)
from comptes.models import Habilitation, Organisation, Produit, User, VersionProduit
from preuves.enums import TypePreuve
from preuves.models import (
    Chapitre,
    DossierChapitre,
    Exigence,
    PreuveAttendue,
    PreuveDemandee,
    Scenario,
)

PASSWORD = "Mot-de-passe-solide-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"{100000000 + n:09d}")
    siret = factory.LazyAttribute(lambda o: f"{o.siren}00012")
    raison_sociale = factory.Sequence(lambda n: f"Éditeur {n} SAS")


class UserFactory(factory.django.DjangoModelFactory):
    """An editor user of an organisation (not its administrator unless asked)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class OrgAdminFactory(UserFactory):
    est_admin_organisation = True
    peut_gerer_utilisateurs = True


class AgentFactory(UserFactory):
    """ANS staff with one role: AgentFactory(role="verificateur"); instructeur by default."""

    organisation = None
    is_staff = True
    first_name = "Agent"

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=extracted or "instructeur")
            obj.groups.add(group)


class ProduitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Produit

    organisation = factory.SubFactory(OrganisationFactory)
    nom = factory.Sequence(lambda n: f"Logiciel {n}")


class VersionProduitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionProduit

    produit = factory.SubFactory(ProduitFactory)
    numero = factory.Sequence(lambda n: f"2.{n}.0")


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habilitation

    utilisateur = factory.SubFactory(UserFactory)
    produit = factory.SubFactory(ProduitFactory, organisation=factory.SelfAttribute("..utilisateur.organisation"))
    lire = True


class VagueFactory(factory.django.DjangoModelFactory):
    """A wave whose three dates are all in the future (30, 60 and 90 days)."""

    class Meta:
        model = Vague
        django_get_or_create = ("numero",)

    numero = 2
    nom = factory.LazyAttribute(lambda v: f"Vague {v.numero}")
    date1 = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    date2 = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    date3 = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))
    charte = "Charte de référencement : l'éditeur s'engage à fournir des informations exactes."


class DSRFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DSR
        django_get_or_create = ("vague", "code")
        skip_postgeneration_save = True

    vague = factory.SubFactory(VagueFactory)
    code = "DPI"
    nom = "Dossier Patient Informatisé"
    couloir = "Hôpital"

    @factory.post_generation
    def general(obj, create, extracted, **kwargs):
        if create:
            Profil.objects.get_or_create(dsr=obj, nom="Général", defaults={"obligatoire": True})


class ProfilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profil
        django_get_or_create = ("dsr", "nom")

    dsr = factory.SubFactory(DSRFactory)
    nom = factory.Sequence(lambda n: f"Profil optionnel {n}")
    ordre = factory.Sequence(lambda n: n + 1)


class CandidatureFactory(factory.django.DjangoModelFactory):
    """A candidature in brouillon with its charter accepted and both steps created empty."""

    class Meta:
        model = Candidature
        skip_postgeneration_save = True

    version = factory.SubFactory(VersionProduitFactory)
    organisation = factory.SelfAttribute("version.produit.organisation")
    dsr = factory.SubFactory(DSRFactory)
    vague = factory.SelfAttribute("dsr.vague")
    statut = CandidatureStatus.BROUILLON
    charte_acceptee_le = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        if create:
            CandidatureAdministrative.objects.get_or_create(candidature=obj)
            elig, _ = Eligibilite.objects.get_or_create(candidature=obj)
            # Through rows directly: no m2m_changed, so no requested proofs appear behind the test's back.
            Eligibilite.profils.through.objects.bulk_create(
                [Eligibilite.profils.through(eligibilite=elig, profil=p) for p in obj.dsr.profils.filter(obligatoire=True)],
                ignore_conflicts=True,
            )


class ChapitreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapitre
        django_get_or_create = ("dsr", "code")

    dsr = factory.SubFactory(DSRFactory)
    code = factory.Sequence(lambda n: f"CH{n}")
    libelle = factory.LazyAttribute(lambda c: f"Chapitre {c.code}")
    ordre = factory.Sequence(lambda n: n)


class ExigenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exigence

    chapitre = factory.SubFactory(ChapitreFactory)
    dsr = factory.SelfAttribute("chapitre.dsr")
    profil = factory.LazyAttribute(lambda e: e.dsr.profils.get(obligatoire=True))
    identifiant = factory.Sequence(lambda n: f"GEN/EX.{n:02d}")
    texte = "Le système DOIT faire quelque chose d'utile."
    ordre = factory.Sequence(lambda n: n)


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    exigence = factory.SubFactory(ExigenceFactory)
    numero = factory.LazyAttribute(lambda s: f"{s.exigence.identifiant}.01")
    texte = "Vérifier le comportement attendu."


class PreuveAttendueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreuveAttendue

    scenario = factory.SubFactory(ScenarioFactory)
    exigence = factory.SelfAttribute("scenario.exigence")
    dsr = factory.SelfAttribute("exigence.dsr")
    numero = factory.LazyAttribute(lambda p: f"{p.scenario.numero}.01")
    texte = "Copies d'écran de la séquence"
    type = TypePreuve.CAPTURE
    ordre = factory.Sequence(lambda n: n)
    empreinte = factory.Sequence(lambda n: f"{n:064d}")


class DossierChapitreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierChapitre

    candidature = factory.SubFactory(CandidatureFactory, statut=CandidatureStatus.PREUVES)
    chapitre = factory.SubFactory(ChapitreFactory, dsr=factory.SelfAttribute("..candidature.dsr"))


class PreuveDemandeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreuveDemandee

    dossier = factory.SubFactory(DossierChapitreFactory)
    candidature = factory.SelfAttribute("dossier.candidature")
    preuve_attendue = factory.SubFactory(
        PreuveAttendueFactory,
        scenario__exigence__chapitre=factory.SelfAttribute("....dossier.chapitre"),
    )
