from django.dispatch import Signal

dossier_administratif_valide = Signal()
