from django.urls import path

from . import views_jetons, views_produits

app_name = "comptes"

urlpatterns = [
    path("jetons/", views_jetons.jetons, name="jetons"),
    path("jetons/<int:pk>/revoquer/", views_jetons.jeton_revoquer, name="jeton-revoquer"),
    path("produits/", views_produits.produits, name="produits"),
    path("produits/nouveau/", views_produits.produit_creer, name="produit-creer"),
    path("produits/<int:pk>/", views_produits.produit, name="produit"),
    path("produits/<int:pk>/versions/", views_produits.version_creer, name="version-creer"),
]
