"""E-mails of the messaging (HTML + text, in French), sent through Django's mail API."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .models import Notification


def url_absolue(lien: str) -> str:
    """An absolute link for an e-mail: paths are prefixed with settings.SITE_URL."""
    if not lien:
        return settings.SITE_URL + "/"
    if lien.startswith(("http://", "https://")):
        return lien
    return settings.SITE_URL + (lien if lien.startswith("/") else f"/{lien}")


def _url_compte() -> str:
    try:
        return url_absolue(reverse("comptes:mon-compte"))
    except NoReverseMatch:
        return ""


def _envoyer(destinataire, sujet: str, template: str, context: dict, *, connection=None) -> None:
    context = {
        **context,
        "destinataire": destinataire,
        "SITE_URL": settings.SITE_URL,
        "url_notifications": url_absolue(reverse("messagerie:notifications")),
        "url_compte": _url_compte(),
    }
    with translation.override("fr"):
        texte = render_to_string(f"messagerie/emails/{template}.txt", context)
        html = render_to_string(f"messagerie/emails/{template}.html", context)
    mail = EmailMultiAlternatives(
        f"[Convergence] {sujet}", texte, settings.DEFAULT_FROM_EMAIL, [destinataire.email], connection=connection
    )
    mail.attach_alternative(html, "text/html")
    mail.send()


def envoyer_notification(notification: Notification, *, connection=None) -> None:
    """One e-mail for one notification, with the absolute link to where to act."""
    _envoyer(
        notification.destinataire,
        notification.titre,
        "notification",
        {
            "notification": notification,
            "url": url_absolue(notification.lien),
            "url_fil": url_absolue(reverse("messagerie:fil", args=[notification.message.fil_id]))
            if notification.message_id
            else "",
        },
        connection=connection,
    )


def envoyer_resume(destinataire, notifications: Sequence[Notification], jour) -> None:
    """The daily summary of a user's notifications not yet sent by e-mail."""
    lignes = [{"notification": n, "url": url_absolue(n.lien)} for n in notifications]
    _envoyer(
        destinataire,
        f"Résumé du {jour:%d/%m/%Y} : {len(lignes)} notification{'s' if len(lignes) > 1 else ''}",
        "resume",
        {"lignes": lignes, "jour": jour},
    )
