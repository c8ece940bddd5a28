import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")
application = get_wsgi_application()

from convergence.memoire import geler_objets_durables, regler_allocateur  # noqa: E402 (after Django's set-up)

regler_allocateur()
geler_objets_durables()
