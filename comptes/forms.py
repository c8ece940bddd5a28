from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import Droit, PreferenceNotification


class DroitsMixin:
    """Checkboxes of rights per product: one per right the actor holds on the product.

    `lignes` is [(produit, droits de l'acteur, droits actuels de la cible)].
    """

    def ajouter_droits(self, lignes) -> None:
        self.lignes = lignes
        self.matrice = []
        for produit, propres, actuels in lignes:
            cases = []
            for droit in Droit.values:
                if droit in propres:
                    name = f"p{produit.pk}_{droit}"
                    self.fields[name] = forms.BooleanField(
                        label=f"{Droit(droit).label} — {produit.nom}",
                        required=False,
                        initial=droit in actuels,
                    )
                    cases.append((droit, name))
                else:
                    cases.append((droit, None))
            self.matrice.append((produit, actuels, cases))

    def habilitations(self) -> dict[int, set[str]]:
        """The new rights per product: what is ticked, plus what the target holds beyond the
        actor's own rights (the actor cannot see or touch those)."""
        resultat = {}
        for produit, propres, actuels in self.lignes:
            coches = {d for d in propres if self.cleaned_data.get(f"p{produit.pk}_{d}")}
            resultat[produit.pk] = coches | (set(actuels) - set(propres))
        return resultat

    def lignes_affichees(self):
        """[(produit, [(droit, bound field or None, held)])] for the template."""
        return [
            (
                produit,
                [
                    (Droit(d).label, self[name] if name else None, d in actuels)
                    for d, name in cases
                ],
            )
            for produit, actuels, cases in self.matrice
        ]


class _DroitsBaseForm(DroitsMixin, DsfrBaseForm):
    peut_gerer_utilisateurs = forms.BooleanField(
        label=_(
            "Peut gérer les utilisateurs (créer des utilisateurs et leur déléguer ses droits)"
        ),
        required=False,
    )

    def __init__(self, *args, lignes, **kwargs):
        super().__init__(*args, **kwargs)
        self.ajouter_droits(lignes)


class UtilisateurCreationForm(_DroitsBaseForm):
    """A new user: who, whether they may manage users, their rights (none held yet)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_(
            "Celle de son compte Industriels Santé Connect : le compte lui est rattaché à sa première connexion."
        ),
    )

    def __init__(self, *args, lignes, **kwargs):
        lignes = [(p, propres, set()) for p, propres, _actuels in lignes]
        super().__init__(*args, lignes=lignes, **kwargs)


class DroitsForm(_DroitsBaseForm):
    """The rights of an existing user."""


class MonCompteForm(DsfrBaseForm):
    telephone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    preference_notification = forms.ChoiceField(
        label=_("Notifications par courriel"),
        choices=PreferenceNotification.choices,
        widget=forms.RadioSelect,
        help_text=_("Les notifications restent toujours visibles dans Convergence."),
    )
