from django.urls import include, path

from . import views

# No app namespace: django-oauth-toolkit reverses its own "oauth2_provider:" names.
urlpatterns = [
    path("login/", views.connexion, name="isc-connexion"),
    # Listed before DOT's URLs so that it wins; reverse("oauth2_provider:authorize") is the same path.
    path("o/authorize/", views.IscAuthorizationView.as_view(), name="isc-authorize"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
