"""iSC identities of the demo editors, and the platform's registration as an iSC client."""

from comptes.demo import DEMO_PASSWORD, EDITEURS, ORGANISATIONS

from .services import creer_identite, enregistrer_client_plateforme


def load(stdout):
    enregistrer_client_plateforme()
    for identifiant, prenom, nom, email, org, role, _createur in EDITEURS:
        creer_identite(
            identifiant=identifiant,
            mot_de_passe=DEMO_PASSWORD,
            prenom=prenom,
            nom=nom,
            email=email,
            role=role,
            **ORGANISATIONS[org],
        )
    stdout.write(
        f"Identités iSC : {', '.join(e[0] for e in EDITEURS)} (mot de passe {DEMO_PASSWORD})"
    )
