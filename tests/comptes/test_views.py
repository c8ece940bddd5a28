import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptes.fichiers import enregistrer_fichier
from comptes.models import Habilitation, PreferenceNotification, User
from comptes.services import creer_utilisateur
from tests.comptes.helpers import nouvel_utilisateur
from tests.factories import (
    AgentFactory,
    HabilitationFactory,
    ProduitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

from tests.files import PNG  # noqa: E402


@pytest.fixture
def produit(org_admin):
    return ProduitFactory(organisation=org_admin.organisation, nom="DPI Hôpital+")


def test_users_page_shows_the_tree_with_rights(client, org_admin, produit):
    bruno = nouvel_utilisateur(
        org_admin, "Bruno", gere=True, droits={produit: {"contribuer"}}
    )
    creer_utilisateur(
        bruno,
        email="chloe@ex.test",
        first_name="Chloé",
        last_name="Vidal",
        habilitations={produit: {"lire"}},
    )
    client.force_login(org_admin)

    response = client.get(reverse("comptes:utilisateurs"))

    html = response.content.decode()
    assert response.status_code == 200
    [racine] = response.context["racines"]
    assert racine.utilisateur == org_admin
    assert [n.utilisateur.first_name for n in racine.enfants] == ["Bruno"]
    assert [n.utilisateur.first_name for n in racine.enfants[0].enfants] == ["Chloé"]
    assert racine.enfants[0].droits == [(produit, ["Consulter", "Contribuer"])]
    assert "DPI Hôpital+ : Consulter, Contribuer" in html
    assert reverse("comptes:utilisateur-droits", args=[bruno.pk]) in html


def test_a_manager_sees_only_their_subtree(client, org_admin, produit):
    bruno = nouvel_utilisateur(
        org_admin, "Bruno", gere=True, droits={produit: {"lire"}}
    )
    creer_utilisateur(
        org_admin, email="dan@ex.test", first_name="Dan", last_name="Autre"
    )
    client.force_login(bruno)

    response = client.get(reverse("comptes:utilisateurs"))

    assert [n.utilisateur for n in response.context["racines"]] == [bruno]
    assert "Dan" not in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_users_page_query_count_is_constant(
    client, org_admin, produit, django_assert_num_queries, n
):
    for _ in range(n):
        u = UserFactory(organisation=org_admin.organisation, cree_par=org_admin)
        HabilitationFactory(utilisateur=u, produit=produit, accordee_par=org_admin)
    client.force_login(org_admin)

    with django_assert_num_queries(10):
        response = client.get(reverse("comptes:utilisateurs"))

    assert len(response.context["racines"][0].enfants) == n


def test_users_page_is_refused_to_a_user_without_the_right_to_manage_users(
    client, editeur
):
    client.force_login(editeur)

    response = client.get(reverse("comptes:utilisateurs"))

    assert response.status_code == 403


def test_create_user_page_creates_the_user(client, org_admin, produit):
    client.force_login(org_admin)

    response = client.post(
        reverse("comptes:utilisateur-creer"),
        {
            "first_name": "Zoé",
            "last_name": "Blanc",
            "email": "zoe@ex.test",
            f"p{produit.pk}_lire": "on",
            f"p{produit.pk}_soumettre": "on",
        },
    )

    assert response.status_code == 302
    zoe = User.objects.get(email="zoe@ex.test")
    assert (zoe.cree_par, zoe.organisation_id, zoe.peut_gerer_utilisateurs) == (
        org_admin,
        org_admin.organisation_id,
        False,
    )
    assert Habilitation.objects.get(utilisateur=zoe).droits() == {"lire", "soumettre"}


def test_create_user_page_shows_errors_in_french(client, org_admin):
    client.force_login(org_admin)

    response = client.post(
        reverse("comptes:utilisateur-creer"),
        {"first_name": "Zoé", "last_name": "", "email": "pas-un-email"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "last_name": ["Ce champ est obligatoire."],
        "email": ["Saisissez une adresse e-mail valide."],
    }
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not User.objects.filter(first_name="Zoé").exists()


def test_create_user_page_offers_only_the_creators_rights(client, org_admin, produit):
    bruno = nouvel_utilisateur(
        org_admin, "Bruno", gere=True, droits={produit: {"contribuer"}}
    )
    client.force_login(bruno)
    form = client.get(reverse("comptes:utilisateur-creer")).context["form"]
    assert [name for name in form.fields if name.startswith(f"p{produit.pk}_")] == [
        f"p{produit.pk}_lire",
        f"p{produit.pk}_contribuer",
    ]

    response = client.post(
        reverse("comptes:utilisateur-creer"),
        {
            "first_name": "Zoé",
            "last_name": "Blanc",
            "email": "zoe@ex.test",
            f"p{produit.pk}_signer": "on",
        },
    )

    assert response.status_code == 302
    assert Habilitation.objects.filter(utilisateur__email="zoe@ex.test").count() == 0


def test_rights_page_changes_and_revokes_rights(client, org_admin, produit):
    bruno = nouvel_utilisateur(org_admin, "Bruno", droits={produit: {"contribuer"}})
    client.force_login(org_admin)
    url = reverse("comptes:utilisateur-droits", args=[bruno.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            f"p{produit.pk}_lire": "on",
            f"p{produit.pk}_signer": "on",
            "peut_gerer_utilisateurs": "on",
        },
    )

    assert response.status_code == 302
    bruno.refresh_from_db()
    assert bruno.peut_gerer_utilisateurs is True
    assert Habilitation.objects.get(utilisateur=bruno).droits() == {"lire", "signer"}
    client.post(url, {})
    assert Habilitation.objects.filter(utilisateur=bruno).count() == 0


def test_rights_page_deactivates_a_user(client, org_admin):
    bruno = creer_utilisateur(
        org_admin, email="bruno@ex.test", first_name="Bruno", last_name="Petit"
    )
    client.force_login(org_admin)

    response = client.post(
        reverse("comptes:utilisateur-droits", args=[bruno.pk]), {"action": "desactiver"}
    )

    assert response.status_code == 302
    bruno.refresh_from_db()
    assert bruno.is_active is False


def test_rights_page_of_another_organisations_user_is_404(client, org_admin):
    etranger = UserFactory()
    client.force_login(org_admin)

    response = client.get(reverse("comptes:utilisateur-droits", args=[etranger.pk]))

    assert response.status_code == 404
    assert etranger.email not in response.content.decode()


def test_rights_page_of_ones_ancestor_is_403(client, org_admin):
    bruno = nouvel_utilisateur(org_admin, "Bruno", gere=True)
    client.force_login(bruno)

    response = client.get(reverse("comptes:utilisateur-droits", args=[org_admin.pk]))

    assert response.status_code == 403


def test_my_account_saves_the_notification_preference(client, editeur):
    client.force_login(editeur)
    url = reverse("comptes:mon-compte")
    page = client.get(url).content.decode()
    assert 'id="jetons-api"' in page
    assert editeur.organisation.raison_sociale in page

    response = client.post(
        url, {"telephone": "01 02 03 04 05", "preference_notification": "quotidienne"}
    )

    assert response.status_code == 302
    editeur.refresh_from_db()
    assert (editeur.telephone, editeur.preference_notification) == (
        "01 02 03 04 05",
        PreferenceNotification.QUOTIDIENNE,
    )


def test_my_account_links_staff_to_totp(client, instructeur):
    client.force_login(instructeur)

    html = client.get(reverse("comptes:mon-compte")).content.decode()

    assert "Non activée" in html
    assert reverse("mfa_index") in html


# --- Download of stored files ------------------------------------------------------------------


def _fichier(organisation, produit=None, *, nom="capture écran.png", contenu=PNG):
    return enregistrer_fichier(
        SimpleUploadedFile(nom, contenu), organisation=organisation, produit=produit
    )


def test_download_by_a_reader_of_the_product(client, editeur):
    produit = ProduitFactory(organisation=editeur.organisation)
    HabilitationFactory(utilisateur=editeur, produit=produit)
    f = _fichier(editeur.organisation, produit)
    client.force_login(editeur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''capture%20%C3%A9cran.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_in_production_the_body_is_handed_to_the_web_server(client, editeur, settings):
    produit = ProduitFactory(organisation=editeur.organisation)
    HabilitationFactory(utilisateur=editeur, produit=produit)
    f = _fichier(editeur.organisation, produit)
    settings.CONVERGENCE_X_ACCEL_PREFIX = "/fichiers-proteges/"
    client.force_login(editeur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/fichiers-proteges/{f.fichier.name}"
    assert response.content == b""  # nginx sends the file, Python does not
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''capture%20%C3%A9cran.png"


def test_on_an_s3_store_the_download_is_a_url_signed_for_a_minute(client, editeur, settings):
    from urllib.parse import parse_qs, urlsplit

    produit = ProduitFactory(organisation=editeur.organisation)
    HabilitationFactory(utilisateur=editeur, produit=produit)
    f = _fichier(editeur.organisation, produit)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": "convergence", "endpoint_url": "https://s3.example.test", "access_key": "cle",
        "secret_key": "secret", "region_name": "eu-west-3", "signature_version": "s3v4",
        "querystring_auth": True, "querystring_expire": 60,
    }}}
    client.force_login(editeur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]))
    autre = client.get(reverse("comptes:fichier", args=[f.pk]))  # each link is signed anew

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    params = parse_qs(url.query)
    assert (url.scheme, url.netloc) == ("https", "s3.example.test")
    assert url.path.endswith(f.fichier.name)
    assert params["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in params
    assert params["response-content-disposition"] == ["attachment; filename*=utf-8''capture%20%C3%A9cran.png"]
    assert params["response-content-type"] == ["image/png"]
    assert response["Cache-Control"] == "private, no-store"
    assert autre.status_code == 302


def test_download_inline_for_an_image_preview(client, verificateur, editeur):
    f = _fichier(editeur.organisation)
    client.force_login(verificateur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]), {"inline": "1"})

    assert (
        response["Content-Disposition"]
        == "inline; filename*=utf-8''capture%20%C3%A9cran.png"
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_download_inline_is_refused_for_other_types(client, editeur):
    f = _fichier(
        editeur.organisation,
        nom="journal.txt",
        contenu=b"<p>pas du html ici</p>\nligne 2\n",
    )
    client.force_login(editeur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]), {"inline": "1"})

    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="journal.txt"'


def test_download_without_product_is_for_the_organisation(client, editeur):
    f = _fichier(editeur.organisation)
    client.force_login(editeur)

    assert client.get(reverse("comptes:fichier", args=[f.pk])).status_code == 200


def test_download_by_another_organisation_is_404(client, editeur):
    f = _fichier(UserFactory().organisation)
    client.force_login(editeur)

    response = client.get(reverse("comptes:fichier", args=[f.pk]))

    assert response.status_code == 404


def test_download_without_read_right_on_the_product_is_404(client, editeur):
    f = _fichier(
        editeur.organisation, ProduitFactory(organisation=editeur.organisation)
    )
    client.force_login(editeur)

    assert client.get(reverse("comptes:fichier", args=[f.pk])).status_code == 404


def test_download_requires_login(client, editeur):
    f = _fichier(editeur.organisation)

    response = client.get(reverse("comptes:fichier", args=[f.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_download_by_staff_without_role_is_404(client, editeur):
    f = _fichier(editeur.organisation)
    staff = AgentFactory(role="instructeur")
    staff.groups.clear()
    client.force_login(staff)

    assert client.get(reverse("comptes:fichier", args=[f.pk])).status_code == 404


def test_users_menu_entry_only_for_user_managers(client, org_admin, editeur):
    lien = f'href="{reverse("comptes:utilisateurs")}"'
    client.force_login(editeur)
    assert lien not in client.get("/", follow=True).content.decode()

    client.force_login(org_admin)
    assert lien in client.get("/", follow=True).content.decode()


def test_with_an_s3_store_the_pages_may_show_its_signed_previews():
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_DEBUG": "1", "AWS_STORAGE_BUCKET_NAME": "convergence",
           "AWS_S3_ENDPOINT_URL": "https://s3.example.test:9000"}
    sortie = subprocess.run(
        [sys.executable, "-c", "import json, convergence.settings as s; "
         "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']))"],
        env=env, capture_output=True, text=True, check=True,
    )
    directives = json.loads(sortie.stdout.strip().splitlines()[-1])
    for directive in ("img-src", "media-src", "frame-src"):
        assert "https://s3.example.test:9000" in directives[directive]
    assert directives["script-src"] == ["'self'"]
