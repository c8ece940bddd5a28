"""Rights of the demo user bruno, granted by alice, once the demo products exist
(candidatures/demo.py creates them; demo_* modules run after every demo module)."""

from .demo import ORGANISATIONS
from .models import Droit, Habilitation, Produit, User
from .services import modifier_droits


def load(stdout):
    alice = User.objects.filter(username="alice").first()
    bruno = (
        User.objects.filter(username="bruno", cree_par=alice).first() if alice else None
    )
    if bruno is None:
        return
    produits = Produit.objects.filter(organisation__siren=ORGANISATIONS["A"]["siren"])
    manquants = produits.exclude(
        pk__in=Habilitation.objects.filter(utilisateur=bruno).values("produit_id")
    )
    if manquants.exists():
        modifier_droits(
            alice,
            utilisateur=bruno,
            habilitations={p: {Droit.LIRE, Droit.CONTRIBUER} for p in manquants},
        )
    stdout.write(
        f"Droits de bruno (par alice) : consulter et contribuer sur {produits.count()} produit(s)"
    )
