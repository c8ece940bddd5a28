"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from comptes.policy import is_agent
from convergence.libelles import libelles


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """The id of an object among those the caller may see (`visibles(user)`): any other id,
    another organisation's included, is answered as not existing (400), never with its data."""

    default_error_messages = {
        "does_not_exist": "Aucun objet accessible ne porte l'identifiant {pk_value}.",
    }

    def __init__(self, visibles: Callable[..., QuerySet], **kwargs):
        self.visibles = visibles
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return super().get_queryset().none()
        return self.visibles(request.user)


@extend_schema_field({"type": "string", "nullable": True})
class NomPersonneField(serializers.Field):
    """A user shown by name (full name, else username); null when there is none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)


class ChampsAgentsMixin:
    """Fields only ANS staff see (who reviewed, who verifies): null for editors, as in the browser."""

    champs_agents: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not is_agent(request.user):
            for champ in self.champs_agents:
                data[champ] = None
        return data


class LibelleField(serializers.CharField):
    """The label of a choice field of the serialised model (`champ`), in the request's language.

    DRF would call `get_<champ>_display` for each object, inspecting its signature every time
    (3 ms on a page of 50 deposits with their reviews, bench/README.md)."""

    def __init__(self, champ: str, **kwargs):
        super().__init__(source=champ, read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        # A field is bound for one request, so in one language: its labels as convergence.libelles
        # keeps them, translated once per language and process.
        self._libelles = libelles(parent.Meta.model._meta.get_field(self.source))

    def to_representation(self, valeur):
        return self._libelles.get(valeur, valeur)


class DateHeureField(serializers.DateTimeField):
    """DRF's DateTimeField, the current time zone looked up once per field rather than once per
    value (a thread-local read, ~10 µs: a page of fifty deposits has some 150 dates)."""

    def default_timezone(self):
        try:
            return self._fuseau
        except AttributeError:
            self._fuseau = super().default_timezone()
            return self._fuseau
