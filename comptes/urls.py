from django.urls import path

from . import views_jetons

app_name = "comptes"

urlpatterns = [
    path("jetons/", views_jetons.jetons, name="jetons"),
    path("jetons/<int:pk>/revoquer/", views_jetons.jeton_revoquer, name="jeton-revoquer"),
]
