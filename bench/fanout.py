"""The fan-out probe: one journal event of a candidature whose product 10,000 users may read,
handed to the messaging app's notifier task, timed until every in-platform notification is
written and every e-mail has reached the SMTP sink (worker on Redis).

Assumes what the messaging app is to provide (skipped, with the reason, until it does): a
Celery task named `messagerie.notifier_evenement` taking `evenement_id`, and a model
`messagerie.Notification` with a foreign key to the Evenement. The event is written directly
(not through `journaliser`) and the task sent by name, so that it runs exactly once.

Usage (run.sh does it): python bench/fanout.py --out fanout.json --mail-count mail.json [--recipients 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dataset.acteurs import FANOUT_SIREN, USER_PREFIX  # noqa: E402
from bench.dataset.db import Writer  # noqa: E402
from candidatures.enums import CandidatureStatus  # noqa: E402
from candidatures.models import DSR, Candidature, Evenement  # noqa: E402
from comptes.models import Habilitation, Organisation, Produit, User, VersionProduit  # noqa: E402
from convergence.celery import app  # noqa: E402

TASK = "messagerie.notifier_evenement"


def notification_model():
    try:
        model = apps.get_model("messagerie", "Notification")
    except LookupError:
        return None, None
    fk = next((f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Evenement), None)
    return model, fk


@transaction.atomic
def audience(recipients: int) -> Candidature:
    """An organisation whose administrator and recipients-1 users may read one product with one
    candidature (created once, reused by later runs)."""
    org = Organisation.objects.filter(siren=FANOUT_SIREN).first()
    if org is not None:
        return Candidature.objects.get(organisation=org)
    writer = Writer()
    org_id = writer[Organisation].new_id()
    users = []
    for i in range(recipients):
        name = f"{USER_PREFIX}diffusion-{i}"
        users.append(writer[User].add(
            username=name, email=f"{name}@bench.example.test", password="!", organisation_id=org_id,
            est_admin_organisation=i == 0, first_name="Diffusion", last_name=str(i),
        ))
    writer[Organisation].add(id=org_id, siren=FANOUT_SIREN, raison_sociale="Diffusion du banc de mesure SAS")
    produit = writer[Produit].add(organisation_id=org_id, nom="Produit diffusé", cree_par_id=users[0])
    version = writer[VersionProduit].add(produit_id=produit, numero="1.0")
    for user in users[1:]:
        writer[Habilitation].add(utilisateur_id=user, produit_id=produit, lire=True, accordee_par_id=users[0])
    writer.flush()
    dsr = DSR.objects.order_by("pk").first()
    return Candidature.objects.create(
        organisation_id=org_id, version_id=version, vague=dsr.vague, dsr=dsr, statut=CandidatureStatus.DOSSIER_SOUMIS,
        charte_acceptee_par_id=users[0], charte_acceptee_le=timezone.now(),
    )


def mail_counts(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {"messages": 0, "recipients": 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--mail-count", required=True)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("BENCH_FANOUT_TIMEOUT", "300")))
    parser.add_argument("--check", action="store_true", help="only say whether the probe can run (exit 1 if not)")
    args = parser.parse_args()
    result: dict = {"recipients": args.recipients, "task": TASK}
    app.loader.import_default_modules()
    model, fk = notification_model()
    if TASK not in app.tasks:
        result["skipped"] = f"la tâche Celery {TASK} n'existe pas (encore)"
    elif model is None or fk is None:
        result["skipped"] = "pas de modèle messagerie.Notification lié à l'événement"
    if "skipped" in result:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
        sys.stdout.write(f"Diffusion non mesurée : {result['skipped']}\n")
        sys.exit(1 if args.check else 0)
    if args.check:
        return
    cand = audience(args.recipients)
    mail_path = Path(args.mail_count)
    mails_before = mail_counts(mail_path)["recipients"]
    evenement = Evenement.objects.create(
        candidature=cand, organisation=cand.organisation, action="statut_change", cible=f"candidature:{cand.pk}",
        statut_avant=CandidatureStatus.BROUILLON, statut_apres=CandidatureStatus.DOSSIER_SOUMIS,
        message="Événement du banc de mesure (diffusion).",
    )
    started = time.monotonic()
    app.send_task(TASK, kwargs={"evenement_id": evenement.pk})
    notified_at = mailed_at = None
    notifications = mails = 0
    while time.monotonic() - started < args.timeout:
        notifications = model.objects.filter(**{fk.attname: evenement.pk}).count()
        mails = mail_counts(mail_path)["recipients"] - mails_before
        now = time.monotonic() - started
        if notified_at is None and notifications >= args.recipients:
            notified_at = now
        if mailed_at is None and mails >= args.recipients:
            mailed_at = now
        if notified_at is not None and mailed_at is not None:
            break
        time.sleep(0.5)
    result.update(
        notifications=notifications, emails=mails,
        notifications_s=round(notified_at, 1) if notified_at is not None else None,
        emails_s=round(mailed_at, 1) if mailed_at is not None else None,
        timeout_s=args.timeout,
    )
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
