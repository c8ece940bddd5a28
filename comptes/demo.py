"""Demo accounts: ANS staff (local login) and the platform users of the demo editors.

Editors log in through iSC (isc/demo.py creates their iSC identities from the same data); their
platform users are pre-created here so that the delegation tree is visible before anyone logs
in, and are linked to the iSC identity by e-mail and SIREN at first login.
"""

from django.contrib.auth.models import Group

from .models import IscRole, Organisation, User
from .policy import ROLES_ANS
from .services import creer_utilisateur

DEMO_PASSWORD = "Convergence-demo-2026"
STAFF = [
    ("instructeur", "Inès", "Instructrice", "instructeur"),
    ("verificateur", "Victor", "Vérificateur", "verificateur"),
    ("admin-ans", "Adèle", "Administratrice", "administrateur"),
]
ORGANISATIONS = {
    "A": {"siren": "123456782", "siret": "12345678200017", "raison_sociale": "Hôpital Logiciels SAS"},
    "B": {"siren": "987654324", "siret": "98765432400012", "raison_sociale": "Radiologie Numérique SA"},
}
# (username, first name, last name, e-mail, organisation, iSC role, created by: None = org admin)
EDITEURS = [
    ("alice", "Alice", "Martin", "alice@hopital-logiciels.example", "A", IscRole.MANDATAIRE, None),
    ("bruno", "Bruno", "Petit", "bruno@hopital-logiciels.example", "A", IscRole.SALARIE, "alice"),
    ("carla", "Carla", "Moreau", "carla@radiologie-numerique.example", "B", IscRole.MANDATAIRE, None),
]


def _staff(stdout):
    for name in ROLES_ANS:
        Group.objects.get_or_create(name=name)
    for username, first, last, role in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@ans.localhost", "is_staff": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = role == "administrateur"
            user.save()
        user.groups.add(Group.objects.get(name=role))
    stdout.write(f"Agents ANS : {', '.join(s[0] for s in STAFF)} (mot de passe {DEMO_PASSWORD})")


def _editeurs(stdout):
    for username, first, last, email, org, role, createur in EDITEURS:
        organisation, _ = Organisation.objects.get_or_create(siren=ORGANISATIONS[org]["siren"], defaults=ORGANISATIONS[org])
        if User.objects.filter(organisation=organisation, email__iexact=email).exists():
            continue
        if createur is None:
            user = User(username=username, first_name=first, last_name=last, email=email, organisation=organisation,
                        isc_role=role, est_admin_organisation=True, peut_gerer_utilisateurs=True)
            user.set_unusable_password()
            user.save()
        else:
            creer_utilisateur(User.objects.get(username=createur), email=email, first_name=first, last_name=last)
    stdout.write("Éditeurs : alice (administratrice) et bruno — Hôpital Logiciels SAS ; carla — Radiologie Numérique SA")


def load(stdout):
    _staff(stdout)
    _editeurs(stdout)
