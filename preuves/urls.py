from django.urls import path

from . import views

app_name = "preuves"

urlpatterns = [
    path("candidatures/<int:pk>/", views.candidature, name="candidature"),
    path("chapitres/<int:pk>/", views.chapitre, name="chapitre"),
    path("chapitres/<int:pk>/soumettre/", views.soumettre, name="soumettre-chapitre"),
    path("preuves/<int:pk>/deposer/", views.deposer, name="deposer"),
    path("preuves/<int:pk>/versions/", views.versions, name="versions"),
    path("verification/", views.file_verification, name="file-verification"),
    path("verification/chapitres/<int:pk>/", views.revue_chapitre, name="revue-chapitre"),
    path("verification/chapitres/<int:pk>/assigner/", views.assigner, name="assigner-chapitre"),
    path("verification/chapitres/<int:pk>/decision/", views.decider, name="decider-chapitre"),
    path("verification/preuves/<int:pk>/avis/", views.revoir, name="revoir-preuve"),
    path("candidatures/<int:pk>/visites/nouvelle/", views.visite_creer, name="visite-creer"),
    path("visites/<int:pk>/modifier/", views.visite_modifier, name="visite-modifier"),
]
