from django.urls import path

from . import views

app_name = "conventions"

urlpatterns = [
    path("candidatures/<int:pk>/", views.candidature, name="candidature"),
    path("candidatures/<int:pk>/preparer/", views.preparer, name="convention-preparer"),
    path("candidatures/<int:pk>/signer/", views.signer, name="convention-signer"),
    path("candidatures/<int:pk>/contresigner/", views.contresigner, name="convention-contresigner"),
    path("colleges/", views.colleges, name="colleges"),
    path("colleges/<int:pk>/", views.college, name="college"),
    path("colleges/<int:pk>/candidatures/<int:candidature_pk>/decision/", views.decision, name="decision"),
]
