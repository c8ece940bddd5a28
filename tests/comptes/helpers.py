from comptes.services import creer_utilisateur


def nouvel_utilisateur(createur, prenom: str, *, gere: bool = False, droits=None):
    """A user created by `createur` through the service, e-mail <prenom>@ex.test."""
    return creer_utilisateur(
        createur,
        email=f"{prenom.lower()}@ex.test",
        first_name=prenom,
        last_name=f"{prenom}son",
        peut_gerer_utilisateurs=gere,
        habilitations=droits,
    )
