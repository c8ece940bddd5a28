from django.urls import path

from . import views

app_name = "comptes"

urlpatterns = [
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/nouveau/", views.utilisateur_creer, name="utilisateur-creer"),
    path("utilisateurs/<int:pk>/droits/", views.utilisateur_droits, name="utilisateur-droits"),
    path("mon-compte/", views.mon_compte, name="mon-compte"),
    path("fichiers/<int:pk>/", views.fichier, name="fichier"),
]
