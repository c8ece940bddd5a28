"""API of waves, DSRs, profiles and candidatures (phase 1)."""

from .candidatures import CandidatureViewSet
from .catalogue import DSRViewSet, ProfilViewSet, VagueViewSet


def register(router):
    router.register("vagues", VagueViewSet, basename="vague")
    router.register("dsrs", DSRViewSet, basename="dsr")
    router.register("profils", ProfilViewSet, basename="profil")
    router.register("candidatures", CandidatureViewSet, basename="candidature")
