"""Demo staff accounts and roles (editors arrive through iSC: see isc/demo.py)."""

from django.contrib.auth.models import Group

from .models import User
from .policy import ROLES_ANS

DEMO_PASSWORD = "Convergence-demo-2026"
STAFF = [
    ("instructeur", "Inès", "Instructrice", "instructeur"),
    ("verificateur", "Victor", "Vérificateur", "verificateur"),
    ("admin-ans", "Adèle", "Administratrice", "administrateur"),
]


def load(stdout):
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
