import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from messagerie.models import Fil, Message, Notification
from messagerie.services import fil_principal
from tests.factories import CandidatureFactory, ChapitreFactory, HabilitationFactory

from .factories import FilFactory, MessageFactory, NotificationFactory

pytestmark = pytest.mark.django_db
from tests.files import PNG  # noqa: E402


def test_inbox_lists_threads_with_unread_count(client, candidature, lecteur, instructeur):
    fil = FilFactory(candidature=candidature)
    MessageFactory(fil=fil, auteur=instructeur, texte="Merci de joindre le Kbis.")
    client.force_login(lecteur)

    response = client.get(reverse("messagerie:boite"))

    assert response.status_code == 200
    assert [(f, f.non_lus) for f in response.context["fils"]] == [(fil, 1)]
    html = response.content.decode()
    assert candidature.reference in html
    assert "Merci de joindre le Kbis." in html
    assert "1 non lu" in html


def test_inbox_of_another_organisation_is_empty(client, candidature, instructeur, autre_org):
    MessageFactory(fil=FilFactory(candidature=candidature), auteur=instructeur, texte="Confidentiel")
    client.force_login(autre_org)

    response = client.get(reverse("messagerie:boite"))

    assert list(response.context["fils"]) == []
    assert "Confidentiel" not in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_inbox_query_count_is_constant(client, org_admin, instructeur, django_assert_num_queries, n):
    for _ in range(n):
        candidature = CandidatureFactory(version__produit__organisation=org_admin.organisation)
        fil = FilFactory(candidature=candidature)
        MessageFactory(fil=fil, auteur=instructeur)
        MessageFactory(fil=fil, auteur=org_admin)
    client.force_login(org_admin)

    # session, user, roles, organisation (header), DSFR config x2, unread count, paginator count, threads
    with django_assert_num_queries(9):
        response = client.get(reverse("messagerie:boite"))

    assert len(response.context["fils"]) == n


def test_thread_page_shows_messages_attachments_and_marks_read(client, candidature, lecteur, instructeur):
    fil = fil_principal(candidature)
    MessageFactory(fil=fil, auteur=instructeur, texte="Pièce manquante")
    auto = Message.objects.create(fil=fil, texte="Complément demandé", automatique=True, lien="/candidatures/1/")
    client.force_login(lecteur)
    client.post(reverse("messagerie:fil", args=[fil.pk]), {"texte": "Voici", "fichiers": [SimpleUploadedFile("kbis.png", PNG)]})

    response = client.get(reverse("messagerie:fil", args=[fil.pk]))

    assert response.status_code == 200
    assert [m.texte for m in response.context["fil_messages"]] == ["Pièce manquante", auto.texte, "Voici"]
    assert [m.nouveau for m in response.context["fil_messages"]] == [False, False, False]
    html = response.content.decode()
    assert "Message automatique" in html
    assert 'href="/candidatures/1/"' in html
    assert "kbis.png" in html
    assert response.context["unread_count"] == 0


def test_new_messages_are_flagged_then_read(client, candidature, lecteur, instructeur):
    fil = fil_principal(candidature)
    MessageFactory(fil=fil, auteur=instructeur, texte="Nouveau pour vous")
    client.force_login(lecteur)

    first = client.get(reverse("messagerie:fil", args=[fil.pk]))
    second = client.get(reverse("messagerie:fil", args=[fil.pk]))

    assert [m.nouveau for m in first.context["fil_messages"]] == [True]
    assert [m.nouveau for m in second.context["fil_messages"]] == [False]


def test_reply_is_sent_and_redirects(client, candidature, lecteur, instructeur, django_capture_on_commit_callbacks):
    candidature.referent = instructeur
    candidature.save()
    fil = fil_principal(candidature)
    client.force_login(lecteur)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("messagerie:fil", args=[fil.pk]),
            {"texte": "Voici le Kbis.", "fichiers": [SimpleUploadedFile("kbis.png", PNG)]},
        )

    assert response.status_code == 302
    assert response.url == f"/messagerie/fils/{fil.pk}/#dernier-message"
    message = Message.objects.get()
    assert (message.auteur, message.texte, [f.nom for f in message.pieces_jointes.all()]) == (lecteur, "Voici le Kbis.", ["kbis.png"])
    assert Notification.objects.get().destinataire == instructeur


def test_empty_reply_shows_an_error(client, candidature, lecteur):
    fil = fil_principal(candidature)
    client.force_login(lecteur)

    response = client.post(reverse("messagerie:fil", args=[fil.pk]), {"texte": ""})

    assert response.status_code == 400
    assert "Écrivez votre message avant de l’envoyer." in response.content.decode()
    assert Message.objects.count() == 0


def test_refused_attachment_shows_an_error_and_keeps_the_text(client, candidature, lecteur):
    fil = fil_principal(candidature)
    client.force_login(lecteur)

    response = client.post(
        reverse("messagerie:fil", args=[fil.pk]),
        {"texte": "Mon texte", "fichiers": [SimpleUploadedFile("x.html", b"<html><script></script></html>")]},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Le type du fichier « x.html » n&#x27;est pas accepté ici." in html
    assert "Mon texte" in html
    assert Message.objects.count() == 0


@pytest.mark.parametrize("user", ["autre_org", "sans_droit"])
def test_thread_and_candidature_pages_are_404_without_read_right(client, candidature, instructeur, user, request):
    fil = fil_principal(candidature)
    MessageFactory(fil=fil, auteur=instructeur, texte="Confidentiel")
    client.force_login(request.getfixturevalue(user))

    assert client.get(reverse("messagerie:fil", args=[fil.pk])).status_code == 404
    assert client.post(reverse("messagerie:fil", args=[fil.pk]), {"texte": "Intrus"}).status_code == 404
    assert client.get(reverse("messagerie:candidature", args=[candidature.pk])).status_code == 404
    assert Message.objects.count() == 1


def test_candidature_page_lists_threads_main_first(client, candidature, lecteur, instructeur):
    chapitre = FilFactory(candidature=candidature, cle="chapitre:DMP", sujet="Chapitre DMP")
    MessageFactory(fil=chapitre, auteur=instructeur)
    client.force_login(lecteur)

    response = client.get(reverse("messagerie:candidature", args=[candidature.pk]))

    assert response.status_code == 200
    assert [(f.titre, f.nb_messages, f.non_lus) for f in response.context["fils"]] == [
        ("Fil principal", 0, 0),
        ("Chapitre DMP", 1, 1),
    ]
    assert response.context["form"] is None


def test_staff_opens_a_thread_on_a_chapter(client, candidature, instructeur):
    ChapitreFactory(dsr=candidature.dsr, code="DMP", libelle="Dossier médical partagé")
    client.force_login(instructeur)

    response = client.post(reverse("messagerie:candidature", args=[candidature.pk]), {"objet": "chapitre:DMP", "sujet": ""})

    fil = Fil.objects.get(cle="chapitre:DMP")
    assert response.status_code == 302
    assert response.url == reverse("messagerie:fil", args=[fil.pk])
    assert (fil.sujet, fil.ouvert_par) == ("Chapitre DMP — Dossier médical partagé", instructeur)


def test_opening_a_thread_without_subject_is_an_error(client, candidature, instructeur):
    client.force_login(instructeur)

    response = client.post(reverse("messagerie:candidature", args=[candidature.pk]), {"objet": "", "sujet": ""})

    assert response.status_code == 400
    assert "Indiquez le sujet du fil ou choisissez son objet." in response.content.decode()


def test_editor_cannot_open_a_thread(client, candidature, admin_org):
    client.force_login(admin_org)

    response = client.post(reverse("messagerie:candidature", args=[candidature.pk]), {"sujet": "Hors sujet"})

    assert response.status_code == 404
    assert Fil.objects.filter(sujet="Hors sujet").count() == 0


def test_notifications_page_lists_mine_only(client, lecteur, autre_org):
    mine = NotificationFactory(destinataire=lecteur, titre="Complément demandé")
    NotificationFactory(destinataire=autre_org, titre="Pas pour vous")
    client.force_login(lecteur)

    response = client.get(reverse("messagerie:notifications"))

    assert list(response.context["notifications"]) == [mine]
    html = response.content.decode()
    assert "Complément demandé" in html
    assert "Pas pour vous" not in html
    assert response.context["unread_count"] == 1


@pytest.mark.parametrize("n", [1, 3])
def test_notifications_query_count_is_constant(client, lecteur, django_assert_num_queries, n):
    NotificationFactory.create_batch(n, destinataire=lecteur)
    client.force_login(lecteur)

    # session, user, roles, organisation (header), DSFR config x2, unread count, paginator count, notifications
    with django_assert_num_queries(9):
        response = client.get(reverse("messagerie:notifications"))

    assert len(response.context["notifications"]) == n


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, lecteur):
    notification = NotificationFactory(destinataire=lecteur, lien="/candidatures/12/")
    client.force_login(lecteur)

    response = client.post(reverse("messagerie:notification-lue", args=[notification.pk]), {"ouvrir": "1"})

    assert (response.status_code, response.url) == (302, "/candidatures/12/")
    notification.refresh_from_db()
    assert notification.lue_le is not None


def test_external_notification_link_is_not_followed(client, lecteur):
    notification = NotificationFactory(destinataire=lecteur, lien="https://exemple.invalid/piege")
    client.force_login(lecteur)

    response = client.post(reverse("messagerie:notification-lue", args=[notification.pk]), {"ouvrir": "1"})

    assert response.url == reverse("messagerie:notifications")


def test_cannot_mark_another_users_notification(client, lecteur, autre_org):
    notification = NotificationFactory(destinataire=autre_org)
    client.force_login(lecteur)

    response = client.post(reverse("messagerie:notification-lue", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.lue_le is None


def test_mark_all_read(client, lecteur):
    NotificationFactory.create_batch(2, destinataire=lecteur)
    NotificationFactory(destinataire=lecteur, lue_le=timezone.now())
    client.force_login(lecteur)

    response = client.post(reverse("messagerie:notifications"), follow=True)

    assert Notification.objects.filter(destinataire=lecteur, lue_le__isnull=True).count() == 0
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()


def test_header_shows_unread_count(client, candidature, lecteur):
    NotificationFactory.create_batch(2, destinataire=lecteur)
    client.force_login(lecteur)

    html = client.get(reverse("home"), follow=True).content.decode()

    assert '2<span class="fr-sr-only"> non lues</span>' in html


def test_pages_require_login(client, candidature):
    for url in (reverse("messagerie:boite"), reverse("messagerie:notifications")):
        response = client.get(url)
        assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_reader_on_another_product_of_same_org_sees_nothing(client, candidature, instructeur):
    other = HabilitationFactory(utilisateur__organisation=candidature.organisation).utilisateur
    MessageFactory(fil=fil_principal(candidature), auteur=instructeur)
    client.force_login(other)

    assert list(client.get(reverse("messagerie:boite")).context["fils"]) == []
