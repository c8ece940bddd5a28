import factory

from messagerie.models import CLE_PRINCIPAL, Fil, Message, Notification
from tests.factories import CandidatureFactory, UserFactory


class FilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fil
        django_get_or_create = ("candidature", "cle")

    candidature = factory.SubFactory(CandidatureFactory)
    cle = CLE_PRINCIPAL


class MessageFactory(factory.django.DjangoModelFactory):
    """A message by a user; sets its thread's last-message time like the service does."""

    class Meta:
        model = Message

    fil = factory.SubFactory(FilFactory)
    auteur = factory.SubFactory(UserFactory)
    texte = "Bonjour, voici notre réponse."

    @factory.post_generation
    def touch(obj, create, extracted, **kwargs):
        if create:
            Fil.objects.filter(pk=obj.fil_id).update(dernier_message_le=obj.created_at)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    destinataire = factory.SubFactory(UserFactory)
    candidature = factory.SubFactory(CandidatureFactory)
    titre = factory.Sequence(lambda n: f"Notification {n}")
    texte = "Le statut de votre candidature a changé."
    lien = "/candidatures/"
