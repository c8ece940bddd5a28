from django.utils.functional import SimpleLazyObject

from .selectors import compte_non_lus


def unread(request):
    """`unread_count`: unread notifications + unread messages not notified, computed (one query)
    only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": SimpleLazyObject(lambda: compte_non_lus(user))}
