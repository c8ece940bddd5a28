"""Factories of the Espace Authentifié's models (and of VisiteInterop, which the shared file lacks)."""

from datetime import timedelta

import factory
from django.utils import timezone

from accompagnement.enums import DemandeCategorie, TypeEvenement
from accompagnement.models import (
    DemandeSupport,
    EvenementCalendrier,
    LienService,
    MessageDemande,
    QuestionFAQ,
    ThemeFAQ,
)
from preuves.models import VisiteInterop
from tests.factories import CandidatureFactory, UserFactory


class DemandeSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeSupport

    auteur = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("auteur.organisation")
    categorie = DemandeCategorie.PLATEFORME
    sujet = factory.Sequence(lambda n: f"Question {n}")
    description = "Comment soumettre un chapitre ?"


class MessageDemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageDemande

    demande = factory.SubFactory(DemandeSupportFactory)
    auteur = factory.SelfAttribute("demande.auteur")
    texte = "Merci pour votre réponse."


class ThemeFAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeFAQ
        django_get_or_create = ("nom",)

    nom = factory.Sequence(lambda n: f"Thème {n}")


class QuestionFAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionFAQ

    question = factory.Sequence(lambda n: f"Question fréquente {n} ?")
    reponse = "Une réponse."
    ordre = factory.Sequence(lambda n: n)


class EvenementCalendrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementCalendrier

    titre = factory.Sequence(lambda n: f"Webinaire {n}")
    type = TypeEvenement.WEBINAIRE
    debut = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    fin = factory.LazyAttribute(lambda e: e.debut + timedelta(hours=1))
    description = "Présentation et questions."


class LienServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LienService

    titre = factory.Sequence(lambda n: f"Service {n}")
    url = "https://esante.gouv.fr/"


class VisiteInteropFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisiteInterop

    candidature = factory.SubFactory(CandidatureFactory)
    date_visite = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    lieu = "Visioconférence"
