from django.urls import path

from . import views

app_name = "candidatures"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/historique/", views.journal, name="historique"),
    path("<int:pk>/administrative/", views.administrative, name="administrative"),
    path("<int:pk>/eligibilite/", views.eligibilite, name="eligibilite"),
    path("<int:pk>/soumettre/", views.soumettre, name="soumettre"),
    path("<int:pk>/abandonner/", views.abandonner, name="abandonner"),
    path("instruction/", views.instruction, name="instruction"),
    path("instruction/<int:pk>/", views.dossier, name="dossier"),
    path("instruction/<int:pk>/valider/", views.valider, name="valider"),
    path("instruction/<int:pk>/complement/", views.complement, name="complement"),
    path("instruction/<int:pk>/referent/", views.referent, name="referent"),
]
