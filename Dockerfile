# Production image: the platform (web, worker, beat) and the iSC provider share it.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_DEBUG=0
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . 2>/dev/null || true
COPY . .
RUN pip install --no-cache-dir -e . \
    && DJANGO_DEBUG=1 python manage.py collectstatic --noinput -v0
RUN useradd --system --uid 1000 convergence && mkdir -p /app/var && chown -R convergence /app/var
USER convergence
EXPOSE 8000
CMD ["gunicorn", "convergence.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
