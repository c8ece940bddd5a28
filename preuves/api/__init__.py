"""API of the REM catalogue and of phase 2 (chapters, requested proofs, deposits, reviews)."""

from .catalogue import ChapitreViewSet, ExigenceViewSet, PreuveAttendueViewSet
from .phase2 import (
    DepotViewSet,
    DossierChapitreViewSet,
    PreuveDemandeeViewSet,
    VisiteInteropViewSet,
)


def register(router):
    router.register("chapitres", ChapitreViewSet, basename="chapitre")
    router.register("exigences", ExigenceViewSet, basename="exigence")
    router.register("preuves-attendues", PreuveAttendueViewSet, basename="preuve-attendue")
    router.register("dossiers-chapitre", DossierChapitreViewSet, basename="dossier-chapitre")
    router.register("preuves-demandees", PreuveDemandeeViewSet, basename="preuve-demandee")
    router.register("depots", DepotViewSet, basename="depot")
    router.register("visites-interop", VisiteInteropViewSet, basename="visite-interop")
