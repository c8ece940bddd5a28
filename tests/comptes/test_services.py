import pytest

from candidatures.models import Evenement
from comptes.errors import DomainError, PermissionRefusee
from comptes.models import Habilitation, User
from comptes.services import (
    creer_utilisateur,
    desactiver_utilisateur,
    modifier_droits,
    revoquer_habilitation,
)
from tests.comptes.helpers import nouvel_utilisateur
from tests.factories import (
    HabilitationFactory,
    OrgAdminFactory,
    ProduitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LC = {"lire", "contribuer"}
TOUT = {"lire", "contribuer", "soumettre", "signer"}


def droits(user, produit) -> set[str]:
    h = Habilitation.objects.filter(utilisateur=user, produit=produit).first()
    return h.droits() if h else set()


@pytest.fixture
def produit(org_admin):
    return ProduitFactory(organisation=org_admin.organisation, nom="DPI Hôpital+")


@pytest.fixture
def chaine(org_admin, produit):
    """admin → a → b → c → d, each granting lire+contribuer (d: lire) and the right to manage users."""
    a = nouvel_utilisateur(org_admin, "A", gere=True, droits={produit: TOUT})
    b = nouvel_utilisateur(a, "B", gere=True, droits={produit: LC | {"soumettre"}})
    c = nouvel_utilisateur(b, "C", gere=True, droits={produit: LC})
    d = nouvel_utilisateur(c, "D", droits={produit: {"lire"}})
    return a, b, c, d


def test_org_admin_creates_a_user_below_them_with_rights(org_admin, produit):
    user = creer_utilisateur(
        org_admin,
        email="zoe@ex.test",
        first_name="Zoé",
        last_name="Blanc",
        habilitations={produit: {"contribuer"}},
    )

    assert (user.organisation_id, user.cree_par_id, user.username) == (
        org_admin.organisation_id,
        org_admin.pk,
        "zoe",
    )
    assert not user.has_usable_password()
    h = Habilitation.objects.get(utilisateur=user)
    assert (h.droits(), h.accordee_par_id) == (LC, org_admin.pk)
    evenement = Evenement.objects.get(action="utilisateur_cree")
    assert (
        evenement.acteur_id,
        evenement.organisation_id,
        evenement.candidature_id,
    ) == (org_admin.pk, org_admin.organisation_id, None)
    assert evenement.cible == f"utilisateur:{user.pk}"


def test_creating_with_rights_wider_than_ones_own_is_refused(chaine, produit):
    _a, _b, c, _d = chaine

    with pytest.raises(PermissionRefusee) as exc:
        nouvel_utilisateur(c, "Y", droits={produit: {"soumettre"}})

    assert exc.value.message == (
        "Vous ne pouvez pas accorder ou retirer sur « DPI Hôpital+ » des droits que vous n'avez pas vous-même (soumettre)."
    )
    assert not User.objects.filter(email="y@ex.test").exists()


def test_granting_wider_than_ones_own_is_refused_and_changes_nothing(chaine, produit):
    _a, _b, c, d = chaine

    with pytest.raises(PermissionRefusee):
        modifier_droits(c, utilisateur=d, habilitations={produit: {"lire", "signer"}})

    assert droits(d, produit) == {"lire"}


def test_a_user_who_may_not_manage_users_cannot_create_any(org_admin):
    simple = UserFactory(organisation=org_admin.organisation)

    with pytest.raises(PermissionRefusee):
        creer_utilisateur(simple, email="x@ex.test", first_name="X", last_name="X")


def test_rights_on_another_organisations_product_are_refused(org_admin):
    autre_produit = ProduitFactory()

    with pytest.raises(PermissionRefusee) as exc:
        nouvel_utilisateur(org_admin, "X", droits={autre_produit: {"lire"}})

    assert exc.value.message == "Ce produit n'appartient pas à votre organisation."
    assert not User.objects.filter(email="x@ex.test").exists()


def test_a_user_of_another_organisation_cannot_be_changed(org_admin, produit):
    etranger = UserFactory()

    with pytest.raises(PermissionRefusee):
        modifier_droits(
            org_admin, utilisateur=etranger, habilitations={produit: {"lire"}}
        )

    assert Habilitation.objects.filter(utilisateur=etranger).count() == 0


def test_a_manager_cannot_change_a_user_outside_their_subtree(
    chaine, org_admin, produit
):
    a, _b, c, _d = chaine
    voisin = nouvel_utilisateur(org_admin, "V", droits={produit: {"lire"}})

    with pytest.raises(PermissionRefusee):
        modifier_droits(c, utilisateur=voisin, habilitations={produit: set()})
    with pytest.raises(PermissionRefusee):
        modifier_droits(c, utilisateur=a, habilitations={produit: set()})
    with pytest.raises(PermissionRefusee):
        modifier_droits(a, utilisateur=org_admin, peut_gerer_utilisateurs=False)


def test_the_same_email_twice_in_an_organisation_is_refused(org_admin):
    creer_utilisateur(org_admin, email="x@ex.test", first_name="X", last_name="X")

    with pytest.raises(DomainError) as exc:
        creer_utilisateur(org_admin, email="X@ex.test", first_name="X", last_name="Bis")

    assert (exc.value.field, exc.value.message) == (
        "email",
        "Un utilisateur de votre organisation a déjà cette adresse électronique.",
    )


def test_other_rights_imply_reading(org_admin, produit):
    user = nouvel_utilisateur(org_admin, "X", droits={produit: {"signer"}})

    assert droits(user, produit) == {"lire", "signer"}


def test_revoking_a_right_cascades_down_three_levels(chaine, org_admin, produit):
    a, b, c, d = chaine

    modifier_droits(
        org_admin,
        utilisateur=a,
        habilitations={produit: {"lire", "soumettre", "signer"}},
    )

    assert [droits(u, produit) for u in (a, b, c, d)] == [
        {"lire", "soumettre", "signer"},
        {"lire", "soumettre"},
        {"lire"},
        {"lire"},
    ]
    evenement = Evenement.objects.filter(action="droits_modifies").latest("pk")
    assert [
        (ligne["utilisateur"], ligne["apres"], ligne["cascade"])
        for ligne in evenement.details["changements"]
    ] == [
        (a.pk, ["lire", "signer", "soumettre"], False),
        (b.pk, ["lire", "soumettre"], True),
        (c.pk, ["lire"], True),
    ]


def test_revoking_reading_takes_everything_down_the_tree(chaine, org_admin, produit):
    a, b, c, d = chaine

    revoquer_habilitation(org_admin, utilisateur=a, produit=produit)

    assert [droits(u, produit) for u in (a, b, c, d)] == [set(), set(), set(), set()]
    assert Habilitation.objects.filter(produit=produit).count() == 0


def test_rights_granted_by_someone_else_survive_a_cascade(chaine, org_admin, produit):
    a, _b, c, _d = chaine
    autre = ProduitFactory(organisation=org_admin.organisation)
    HabilitationFactory(
        utilisateur=c, produit=autre, contribuer=True, accordee_par=org_admin
    )

    revoquer_habilitation(org_admin, utilisateur=a, produit=produit)

    assert droits(c, autre) == LC


def test_taking_away_user_management_cascades_down_the_tree(chaine, org_admin):
    a, b, c, d = chaine

    modifier_droits(org_admin, utilisateur=a, peut_gerer_utilisateurs=False)

    assert [
        User.objects.get(pk=u.pk).peut_gerer_utilisateurs for u in (a, b, c, d)
    ] == [False, False, False, False]


def test_deactivating_a_user_cascades_to_what_came_through_them(
    chaine, org_admin, produit
):
    a, b, c, d = chaine
    autre = ProduitFactory(organisation=org_admin.organisation)
    HabilitationFactory(utilisateur=c, produit=autre, accordee_par=org_admin)

    desactiver_utilisateur(org_admin, utilisateur=b)

    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.is_active, c.is_active, c.peut_gerer_utilisateurs) == (False, True, False)
    assert [droits(u, produit) for u in (a, b, c, d)] == [
        TOUT,
        LC | {"soumettre"},
        set(),
        set(),
    ]
    assert droits(c, autre) == {"lire"}
    evenement = Evenement.objects.get(action="utilisateur_desactive")
    assert (evenement.statut_avant, evenement.statut_apres, evenement.acteur_id) == (
        "actif",
        "inactif",
        org_admin.pk,
    )


def test_the_organisation_admin_cannot_be_deactivated(org_admin):
    second = OrgAdminFactory(organisation=org_admin.organisation)

    with pytest.raises(PermissionRefusee):
        desactiver_utilisateur(second, utilisateur=org_admin)

    org_admin.refresh_from_db()
    assert org_admin.is_active is True


def test_a_manager_changes_only_the_rights_they_hold(chaine, produit):
    _a, b, c, _d = chaine

    modifier_droits(b, utilisateur=c, habilitations={produit: {"lire", "soumettre"}})

    assert droits(c, produit) == {"lire", "soumettre"}
