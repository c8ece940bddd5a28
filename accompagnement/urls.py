from django.urls import path

from . import views

app_name = "accompagnement"

urlpatterns = [
    path("", views.tableau_de_bord, name="tableau-de-bord"),
    path("rapport.csv", views.rapport_csv, name="rapport-csv"),
    path("rapport.pdf", views.rapport_pdf, name="rapport-pdf"),
    path("demandes/", views.demandes, name="demandes"),
    path("demandes/nouvelle/", views.demande_creer, name="demande-creer"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("demandes/<int:pk>/prendre/", views.demande_prendre, name="demande-prendre"),
    path("demandes/<int:pk>/resoudre/", views.demande_resoudre, name="demande-resoudre"),
    path("support/", views.support, name="support"),
    path("faq/", views.faq, name="faq"),
    path("calendrier/", views.calendrier, name="calendrier"),
    path("calendrier/renouveler/", views.calendrier_renouveler, name="calendrier-renouveler"),
    path("calendrier/evenements/<int:pk>.ics", views.evenement_ics, name="evenement-ics"),
    path("calendrier/evenements/<int:pk>/support/", views.evenement_support, name="evenement-support"),
    path("calendrier/<str:jeton>.ics", views.calendrier_ics_view, name="calendrier-ics"),
]
