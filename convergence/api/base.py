"""Base of every API viewset: the queryset is always the caller's visible set (policy module)."""

from rest_framework import viewsets


class VisibleQuerysetMixin:
    """Subclasses set `model` and implement `visible_queryset()`; schema generation gets an
    empty queryset (no user there)."""

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.visible_queryset()

    def visible_queryset(self):
        raise NotImplementedError


class ReadOnlyViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ModelViewSet(VisibleQuerysetMixin, viewsets.ModelViewSet):
    pass
