"""Messaging in the API: threads of candidatures, their messages (with attachments), the
caller's notifications. Writes call messagerie.services, as the browser does."""

import django_filters
from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from candidatures.models import Candidature
from candidatures.selectors import candidatures_visibles, filtre_candidatures_visibles
from comptes.api import FichierSerializer
from convergence.api.base import ReadOnlyViewSet
from convergence.api.fields import NomPersonneField, VisibleRelatedField
from convergence.api.filtres import depuis
from convergence.api.serializers import ModeleSerializer
from convergence.requetes import colonnes_nom

from . import services
from .models import Fil, Message, Notification
from .selectors import avec_compteurs


class FilSerializer(ModeleSerializer):
    titre = serializers.CharField(read_only=True)
    non_lus = serializers.IntegerField(read_only=True, help_text="Messages des autres que l'appelant n'a pas lus.")
    nb_messages = serializers.IntegerField(read_only=True)

    class Meta:
        model = Fil
        fields = ["id", "candidature", "titre", "sujet", "cle", "dernier_message_le", "non_lus", "nb_messages",
                  "created_at"]


class MessageSerializer(ModeleSerializer):
    auteur_nom = NomPersonneField(source="auteur")
    pieces_jointes = FichierSerializer(many=True, read_only=True, source="fichiers")

    class Meta:
        model = Message
        fields = ["id", "fil", "auteur", "auteur_nom", "texte", "automatique", "lien", "pieces_jointes", "created_at"]


class NotificationSerializer(ModeleSerializer):
    class Meta:
        model = Notification
        fields = ["id", "candidature", "titre", "texte", "lien", "lue_le", "created_at"]


def fils_lisibles(user):
    return Fil.objects.filter(filtre_candidatures_visibles(user))


class MessageEntreeSerializer(serializers.Serializer):
    """A message in a thread (`fil`), or in the candidature's main thread (`candidature`)."""

    fil = VisibleRelatedField(fils_lisibles, queryset=Fil.objects.all(), required=False)
    candidature = VisibleRelatedField(
        lambda user: candidatures_visibles(user), queryset=Candidature.objects.all(), required=False,
        help_text="À la place de `fil` : le fil principal de la candidature.",
    )
    texte = serializers.CharField(max_length=services.TEXTE_MAX)
    fichiers = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                     help_text="Pièces jointes (répétez le champ).")

    def validate(self, data):
        if bool(data.get("fil")) == bool(data.get("candidature")):
            raise ValidationError({"fil": ["Indiquez soit le fil, soit la candidature (son fil principal)."]})
        return data


class FilFilter(django_filters.FilterSet):
    dernier_message_le__gte = depuis("dernier_message_le")

    class Meta:
        model = Fil
        fields = ["candidature", "cle"]


class FilViewSet(ReadOnlyViewSet):
    """Message threads of the candidatures the caller may read, with their unread count."""

    model = Fil
    serializer_class = FilSerializer
    filterset_class = FilFilter
    ordering_fields = ["dernier_message_le", "created_at"]
    regles = {"lu": "messagerie.view_fil"}

    def visible_queryset(self):
        user = self.request.user
        return avec_compteurs(fils_lisibles(user), user).order_by(F("dernier_message_le").desc(nulls_last=True), "-pk")

    @extend_schema(request=None, responses=FilSerializer)
    @action(detail=True, methods=["post"])
    def lu(self, request, pk=None):
        """Mark the thread read up to now (with the notifications of its messages)."""
        fil = self.get_object()
        services.marquer_lu(fil, by=request.user)
        return Response(self.get_serializer(self.relire(fil)).data)


class MessageFilter(django_filters.FilterSet):
    candidature = django_filters.NumberFilter(field_name="fil__candidature")
    created_at__gte = depuis("created_at")

    class Meta:
        model = Message
        fields = ["fil", "automatique"]


class MessageViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """Messages of the threads the caller may read, oldest first; post one with attachments."""

    model = Message
    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    ordering_fields = ["created_at"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def visible_queryset(self):
        return (
            Message.objects.filter(fil__in=fils_lisibles(self.request.user))
            .select_related("auteur")
            .only(*[f.name for f in Message._meta.concrete_fields], *colonnes_nom("auteur"))
            .prefetch_related(Prefetch("pieces_jointes", to_attr="fichiers"))
            .order_by("created_at", "pk")
        )

    @extend_schema(request=MessageEntreeSerializer, responses={201: MessageSerializer})
    def create(self, request, *args, **kwargs):
        """Write a message (multipart/form-data for attachments); the others are notified."""
        entree = MessageEntreeSerializer(data=request.data, context=self.get_serializer_context())
        entree.is_valid(raise_exception=True)
        d = entree.validated_data
        fil = d.get("fil") or services.fil_principal(d["candidature"])
        message = services.envoyer_message(fil, texte=d["texte"], fichiers=d["fichiers"], by=request.user)
        message = self.relire(message)
        return Response(self.get_serializer(message).data, status=status.HTTP_201_CREATED)


class NotificationFilter(django_filters.FilterSet):
    lue = django_filters.BooleanFilter(field_name="lue_le", lookup_expr="isnull", exclude=True)
    created_at__gte = depuis("created_at")

    class Meta:
        model = Notification
        fields = ["candidature"]


class NotificationViewSet(ReadOnlyViewSet):
    """The caller's notifications, newest first."""

    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]

    def visible_queryset(self):
        return Notification.objects.filter(destinataire=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def lue(self, request, pk=None):
        """Mark this notification read."""
        notification = self.get_object()
        services.marquer_notifications_lues(by=request.user, pk=notification.pk)
        return Response(self.get_serializer(self.relire(notification)).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsLues", {"marquees": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="tout-lire")
    def tout_lire(self, request):
        """Mark every notification of the caller read; returns how many were unread."""
        return Response({"marquees": services.marquer_notifications_lues(by=request.user)})


def register(router):
    router.register("fils", FilViewSet, basename="fil")
    router.register("messages", MessageViewSet, basename="message")
    router.register("notifications", NotificationViewSet, basename="notification")
