from django.urls import path

from . import views_produits

app_name = "comptes"

urlpatterns = [
    # --- products (catalogue helper) ---
    path("produits/", views_produits.produits, name="produits"),
    path("produits/nouveau/", views_produits.produit_creer, name="produit-creer"),
    path("produits/<int:pk>/", views_produits.produit, name="produit"),
    path("produits/<int:pk>/versions/", views_produits.version_creer, name="version-creer"),
    # --- end of products ---
]
