from django.urls import path

from . import views, views_jetons, views_produits

app_name = "comptes"

urlpatterns = [
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/nouveau/", views.utilisateur_creer, name="utilisateur-creer"),
    path("utilisateurs/<int:pk>/droits/", views.utilisateur_droits, name="utilisateur-droits"),
    path("mon-compte/", views.mon_compte, name="mon-compte"),
    path("fichiers/<int:pk>/", views.fichier, name="fichier"),
    path("jetons/", views_jetons.jetons, name="jetons"),
    path("jetons/<int:pk>/revoquer/", views_jetons.jeton_revoquer, name="jeton-revoquer"),
    path("produits/", views_produits.produits, name="produits"),
    path("produits/nouveau/", views_produits.produit_creer, name="produit-creer"),
    path("produits/<int:pk>/", views_produits.produit, name="produit"),
    path("produits/<int:pk>/versions/", views_produits.version_creer, name="version-creer"),
]
