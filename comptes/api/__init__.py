"""API of organisations, users and their rights, products and versions, stored files."""

from .fichiers import FichierSerializer, FichierViewSet, fichiers_visibles
from .produits import ProduitViewSet, VersionViewSet
from .utilisateurs import OrganisationViewSet, UtilisateurViewSet

__all__ = ["FichierSerializer", "fichiers_visibles", "register"]


def register(router):
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("utilisateurs", UtilisateurViewSet, basename="utilisateur")
    router.register("produits", ProduitViewSet, basename="produit")
    router.register("versions", VersionViewSet, basename="version-produit")
    router.register("fichiers", FichierViewSet, basename="fichier")
