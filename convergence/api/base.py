"""Base of every API viewset: the queryset is always the caller's visible set (policy module),
and an action's rule is checked before its body is read."""

from __future__ import annotations

from django.db import models
from rest_framework import mixins, permissions, viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from comptes.policy import can
from convergence.requetes import un_seul_ou_404

MESSAGE_REFUS = "Vous n'avez pas le droit d'effectuer cette action."


class RegleAction(permissions.BasePermission):
    """The django-rules permission the viewset names for the current action (`regles`).

    Checked on the object the route names (after the visibility filter: another organisation's
    object is a 404 before this), before the request body is parsed, so that a refused right is a
    403 whatever the body. The service called next checks it again: this is only the early answer.
    """

    message = MESSAGE_REFUS

    def has_permission(self, request, view):
        regle = view.regles.get(view.action)
        if regle is None or view.detail:
            return True
        return can(request.user, regle, view.objet_regle(None))

    def has_object_permission(self, request, view, obj):
        regle = view.regles.get(view.action)
        return regle is None or can(request.user, regle, view.objet_regle(obj))


class VisibleQuerysetMixin:
    """Subclasses set `model` and implement `visible_queryset()`; schema generation gets an
    empty queryset (no user there). `regles` maps an action to the rules permission it needs."""

    model: type[models.Model] | None = None
    regles: dict[str, str] = {}
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, RegleAction]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.visible_queryset()

    def visible_queryset(self):
        raise NotImplementedError

    def completer(self, objets: list) -> list:
        """Add to a page of objects (or to the one object read) what is cheaper to compute for
        them alone than to annotate on the whole visible set; returns the list."""
        return objets

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else self.completer(list(page))

    def relire(self, obj):
        """`obj` read again as the list and the detail show it (visible set, joins, `completer`),
        after an action changed it."""
        return self.completer([un_seul_ou_404(self.get_queryset(), pk=obj.pk)])[0]

    def get_object(self):
        """As DRF's, without the LIMIT of get() (convergence.requetes), and without the list's
        filters: an object is read by its id among those the caller may see, whatever the query
        string says (building a filter set costs ~1 ms)."""
        cle = self.lookup_url_kwarg or self.lookup_field
        obj = un_seul_ou_404(self.get_queryset(), **{self.lookup_field: self.kwargs[cle]})
        self.check_object_permissions(self.request, obj)
        return self.completer([obj])[0]

    def avec_produit(self, qs):
        """`qs` joined to the candidature's product for an action that has a rule (the rules of
        comptes.policy read the rights on the product); a list or a read has none to check."""
        if self.regles.get(self.action) is None:
            return qs
        return qs.select_related("candidature__version__produit")

    def objet_regle(self, obj):
        """What the action's rule is asked about: the route's object (None for list actions)."""
        return obj


class ReadOnlyViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(VisibleQuerysetMixin, viewsets.ModelViewSet):
    pass


class ListCreateViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read and create; nothing is ever updated or deleted in place (actions do that)."""


class RetrieveViewSet(VisibleQuerysetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class FichierSansNegociation(DefaultContentNegotiation):
    """For the routes that return a file: whatever the client accepts, the file is the answer, and
    an error is the API's JSON error (never a 406, never an error rendered in another format)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


TELECHARGEMENT = {"renderer_classes": [JSONRenderer], "content_negotiation_class": FichierSansNegociation}

