import pytest
from allauth.socialaccount.models import SocialAccount

from candidatures.models import Evenement
from comptes.claims import ClaimsInvalides, IscClaims
from comptes.models import Organisation, User
from comptes.services import creer_utilisateur
from isc.models import IscIdentite
from isc.services import creer_identite
from tests.factories import OrgAdminFactory, OrganisationFactory
from tests.isc.factories import ISC_PASSWORD, IscIdentiteFactory
from tests.isc.flow import platform_login

live = pytest.mark.django_db(transaction=True)
LEA = {
    "identifiant": "lea",
    "prenom": "Léa",
    "nom": "Roux",
    "email": "lea@soins.example",
    "siren": "552100554",
    "siret": "55210055400013",
    "raison_sociale": "Soins Numériques SAS",
}


def _header(response) -> str:
    html = response.text
    start = html.index('id="utilisateur-connecte">') + len('id="utilisateur-connecte">')
    return " ".join(html[start : html.index("</span>", start)].split())


@live
def test_first_login_creates_the_organisation_and_its_administrator(isc_live):
    identite = IscIdentiteFactory(**LEA)

    _session, response = platform_login(isc_live, "lea", ISC_PASSWORD)

    assert response.url == f"{isc_live}/espace/"
    assert _header(response) == "Léa Roux — Soins Numériques SAS"
    organisation = Organisation.objects.get(siren="552100554")
    assert (organisation.raison_sociale, organisation.siret) == (
        "Soins Numériques SAS",
        "55210055400013",
    )
    user = User.objects.get(organisation=organisation)
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "lea",
        "Léa",
        "Roux",
        "lea@soins.example",
    )
    assert (
        user.est_admin_organisation,
        user.peut_gerer_utilisateurs,
        user.isc_role,
    ) == (True, True, "MANDATAIRE")
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == str(identite.sub)
    assert list(Evenement.objects.order_by("pk").values_list("action", flat=True)) == [
        "organisation_creee",
        "utilisateur_cree",
    ]


@live
def test_next_login_updates_the_user_and_the_organisation_from_the_claims(isc_live):
    IscIdentiteFactory(**LEA)
    platform_login(isc_live, "lea", ISC_PASSWORD)
    user = User.objects.get(username="lea")
    changes = {
        "nom": "Roux-Martin",
        "email": "lea.roux@soins.example",
        "role": "REPRESENTANT",
    }
    changes |= {"siret": "55210055400021", "raison_sociale": "Soins Numériques Groupe"}
    creer_identite(**(LEA | changes), mot_de_passe=ISC_PASSWORD)

    _session, response = platform_login(isc_live, "lea", ISC_PASSWORD)

    assert _header(response) == "Léa Roux-Martin — Soins Numériques Groupe"
    user.refresh_from_db()
    assert (user.last_name, user.email, user.isc_role) == (
        "Roux-Martin",
        "lea.roux@soins.example",
        "REPRESENTANT",
    )
    organisation = Organisation.objects.get(siren="552100554")
    assert (organisation.raison_sociale, organisation.siret) == (
        "Soins Numériques Groupe",
        "55210055400021",
    )
    assert User.objects.filter(organisation=organisation).count() == 1
    assert user.emailaddress_set.get().email == "lea.roux@soins.example"


@live
def test_a_second_user_of_the_organisation_is_not_its_administrator(isc_live):
    admin = OrgAdminFactory(organisation=OrganisationFactory(siren="123456782"))
    IscIdentiteFactory(identifiant="marc", role="SALARIE")

    platform_login(isc_live, "marc", ISC_PASSWORD)

    marc = User.objects.get(username="marc")
    assert marc.organisation_id == admin.organisation_id
    assert (
        marc.est_admin_organisation,
        marc.peut_gerer_utilisateurs,
        marc.cree_par,
    ) == (False, False, None)


@live
def test_an_invited_user_is_linked_at_first_login_by_email_and_siren(
    isc_live, org_admin
):
    invite = creer_utilisateur(
        org_admin, email="nina@editeur.example", first_name="Nina", last_name="N."
    )
    IscIdentiteFactory(
        identifiant="nina",
        prenom="Nina",
        nom="Simon",
        email="Nina@editeur.example",
        siren=org_admin.organisation.siren,
        siret=f"{org_admin.organisation.siren}00012",
        raison_sociale=org_admin.organisation.raison_sociale,
        role="SALARIE",
    )

    platform_login(isc_live, "nina", ISC_PASSWORD)

    invite.refresh_from_db()
    assert SocialAccount.objects.get(provider="isc").user_id == invite.pk
    assert (invite.last_name, invite.cree_par_id, invite.est_admin_organisation) == (
        "Simon",
        org_admin.pk,
        False,
    )
    assert User.objects.filter(organisation=org_admin.organisation).count() == 2


@live
def test_an_invitation_in_another_organisation_is_not_linked(isc_live, org_admin):
    invite = creer_utilisateur(
        org_admin, email="olga@editeur.example", first_name="Olga", last_name="O."
    )
    IscIdentiteFactory(
        identifiant="olga",
        email="olga@editeur.example",
        siren="552100554",
        siret="55210055400013",
        raison_sociale="Autre SAS",
    )

    platform_login(isc_live, "olga", ISC_PASSWORD)

    account = SocialAccount.objects.get(provider="isc")
    assert account.user_id != invite.pk
    assert account.user.organisation.siren == "552100554"
    assert account.user.est_admin_organisation is True


@live
@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        (
            "siren",
            "12345",
            "Le SIREN transmis par iSC (« 12345 ») doit comporter exactement 9 chiffres.",
        ),
        (
            "siren",
            "",
            "Industriels Santé Connect n&#x27;a pas transmis les informations nécessaires : SIREN (siren).",
        ),
        (
            "email",
            "",
            "n&#x27;a pas transmis les informations nécessaires : adresse électronique (email).",
        ),
    ],
)
def test_bad_claims_refuse_the_login_and_create_nothing(
    isc_live, champ, valeur, message
):
    identite = IscIdentiteFactory(
        identifiant="paul", siren="552100554", siret="55210055400013"
    )
    IscIdentite.objects.filter(pk=identite.pk).update(**{champ: valeur})

    session, response = platform_login(isc_live, "paul", ISC_PASSWORD)

    assert response.status_code == 403
    assert "Connexion refusée" in response.text
    assert message in response.text
    assert not Organisation.objects.exists()
    assert not User.objects.filter(socialaccount__isnull=False).exists()
    assert session.get(f"{isc_live}/comptes/mon-compte/").url.startswith(
        f"{isc_live}/accounts/login/"
    )


@live
def test_a_linked_user_whose_siren_changed_is_refused(isc_live):
    IscIdentiteFactory(identifiant="remi")
    platform_login(isc_live, "remi", ISC_PASSWORD)
    IscIdentite.objects.filter(identifiant="remi").update(
        siren="552100554", siret="55210055400013"
    )

    _session, response = platform_login(isc_live, "remi", ISC_PASSWORD)

    assert response.status_code == 403
    assert "rattaché à une autre organisation" in response.text
    assert User.objects.get(username="remi").organisation.siren == "123456782"


@live
def test_a_deactivated_user_cannot_log_in_through_isc(isc_live):
    IscIdentiteFactory(identifiant="sara")
    platform_login(isc_live, "sara", ISC_PASSWORD)
    User.objects.filter(username="sara").update(is_active=False)

    session, _response = platform_login(isc_live, "sara", ISC_PASSWORD)

    assert session.get(f"{isc_live}/comptes/mon-compte/").url.startswith(
        f"{isc_live}/accounts/login/"
    )


def test_claims_siret_must_extend_the_siren():
    data = {
        "sub": "s",
        "email": "a@b.example",
        "siren": "123456782",
        "siret": "98765432400012",
        "raison_sociale": "X",
    }

    with pytest.raises(ClaimsInvalides) as exc:
        IscClaims.depuis(data)

    assert exc.value.message == (
        "Le SIRET transmis par iSC (« 98765432400012 ») doit comporter 14 chiffres et commencer par le SIREN 123456782."
    )


def test_claims_are_read_and_trimmed():
    data = {
        "sub": "s",
        "email": " a@b.example ",
        "siren": "123456782",
        "siret": "",
        "raison_sociale": "X SAS",
        "given_name": "Ana",
        "family_name": "Bel",
        "isc_role": "salarie",
    }

    assert IscClaims.depuis(data) == IscClaims(
        sub="s",
        email="a@b.example",
        siren="123456782",
        siret="",
        raison_sociale="X SAS",
        prenom="Ana",
        nom="Bel",
        role="SALARIE",
    )
