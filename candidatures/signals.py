"""Signals of the candidature's life that other apps react to."""

from django.dispatch import Signal

# Sent synchronously inside the transaction of `valider_dossier`, with `candidature` and `by`.
# The phase-2 app connects to it to create the requested proofs; an exception there rolls the
# validation back.
dossier_administratif_valide = Signal()
