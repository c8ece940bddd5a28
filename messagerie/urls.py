from django.urls import path

from . import views

app_name = "messagerie"

urlpatterns = [
    path("", views.boite, name="boite"),
    path("fils/<int:pk>/", views.fil, name="fil"),
    path("candidatures/<int:pk>/", views.candidature, name="candidature"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/lue/", views.notification_lue, name="notification-lue"),
]
