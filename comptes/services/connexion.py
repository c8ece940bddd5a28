"""Users and organisations from the claims of Industriels Santé Connect."""

from __future__ import annotations

from django.db import transaction

from ..claims import IscClaims
from ..errors import PermissionRefusee
from ..models import Organisation, User
from ._commun import _journaliser, _nom_utilisateur_libre, _synchroniser_email


@transaction.atomic
def synchroniser_utilisateur_isc(
    claims: IscClaims, *, utilisateur: User | None = None
) -> User:
    """Create or update the platform user and their organisation from iSC claims.

    `utilisateur` is the user already linked to this iSC identity, if any. Otherwise a user
    invited beforehand (same e-mail, same SIREN, not yet linked) is taken, or a new user is
    created; the first user of an organisation becomes its administrator. The SIREN identifies
    the organisation, whose raison sociale and SIRET follow the claims.
    Raises PermissionRefusee when the linked user belongs to another organisation.
    """
    organisation, creee = Organisation.objects.select_for_update().get_or_create(
        siren=claims.siren,
        defaults={"raison_sociale": claims.raison_sociale, "siret": claims.siret},
    )
    if creee:
        _journaliser(
            "organisation_creee",
            organisation=organisation,
            cible=f"organisation:{organisation.pk}",
            message=f"Organisation créée à la première connexion iSC : {organisation}.",
        )
    elif (organisation.raison_sociale, organisation.siret) != (
        claims.raison_sociale,
        claims.siret or organisation.siret,
    ):
        organisation.raison_sociale = claims.raison_sociale
        organisation.siret = claims.siret or organisation.siret
        organisation.save(update_fields=["raison_sociale", "siret", "updated_at"])

    if utilisateur is not None and utilisateur.organisation_id != organisation.pk:
        raise PermissionRefusee(
            "Votre compte Convergence est rattaché à une autre organisation que celle de votre compte iSC "
            f"(SIREN {claims.siren}). Contactez le support Ségur."
        )
    action = ""
    if utilisateur is None:
        utilisateur = (
            User.objects.select_for_update()
            .filter(organisation=organisation, email__iexact=claims.email)
            .exclude(socialaccount__provider="isc")
            .order_by("pk")
            .first()
        )
        action = "utilisateur_rattache" if utilisateur else "utilisateur_cree"
    if utilisateur is None:
        premier = not organisation.utilisateurs.filter(
            est_admin_organisation=True
        ).exists()
        utilisateur = User(
            username=_nom_utilisateur_libre(claims.email),
            organisation=organisation,
            est_admin_organisation=premier,
            peut_gerer_utilisateurs=premier,
        )
        utilisateur.set_unusable_password()
    utilisateur.first_name, utilisateur.last_name = claims.prenom, claims.nom
    utilisateur.email, utilisateur.isc_role = claims.email, claims.role
    utilisateur.save()
    _synchroniser_email(utilisateur, verifie=True)
    if action:
        _journaliser(
            action,
            acteur=utilisateur,
            organisation=organisation,
            cible=f"utilisateur:{utilisateur.pk}",
            message=f"{utilisateur} : première connexion par Industriels Santé Connect.",
            details={"administrateur": utilisateur.est_admin_organisation},
        )
    return utilisateur
