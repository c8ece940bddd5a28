"""Demo journeys: candidatures of the demo organisations at several stages of Vague 2, built
through the apps' services only (no status is assigned here).

- HospiDPI 6.0.0 / DPI (Hôpital Logiciels SAS): phase 2, after a request for complement. RUM
  validated, CDA waiting for the editor (one screenshot non conforme), PSC in analysis (assigned to
  the verifier), DMP submitted and waiting in the verifiers' queue, MSS partly deposited by bruno; an Interop visit planned; messages in its thread
  and a support request about the visit (written after the automatic messages they follow).
- PassPFI 3.1 / PFI: every proof validated, convention prepared: it waits for alice's signature.
- HospiDPI 5.2.0 / DPI: référencée (convention signed by both parties, college attribution,
  attestation), with a past Interop visit and its report.
- RadioRIS 4.0 (Radiologie Numérique SA, carla): on RIS, a dossier submitted before Date N°1 that
  waits for the instructor; on DPI, a draft (brouillon) that can no longer be submitted.

Date N°1 of the demo wave is already past, and phase-1 services refuse to start or submit a
dossier after it: the dossiers are started and submitted with `now=` some days before Date N°1
(the phase-1 services accept it). Everything else happens now, within Dates N°2 and N°3.

Idempotent: a journey whose candidature (version, DSR) already exists is skipped. The journal of
the bulk work (hundreds of deposits and reviews) is not announced to the messaging; only the
events a user acts on (automatic messages, messages, decisions) are, once everything is saved.
"""

from __future__ import annotations

import io
from datetime import timedelta
from functools import cache, partial
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accompagnement.enums import DemandeCategorie
from accompagnement.services import ouvrir_demande
from comptes.demo import ORGANISATIONS
from comptes.models import User, VersionProduit
from conventions.enums import ResultatDecision
from conventions.models import Convention
from conventions.services import (
    contresigner_convention,
    creer_session_college,
    decider,
    inscrire_a_session,
    preparer_convention,
    signer_convention_editeur,
)
from messagerie.services import envoyer_message, fil_principal
from messagerie.signals import on_evenement_enregistre
from preuves.enums import PreuveStatus, TypePreuve
from preuves.models import DossierChapitre
from preuves.services import (
    assigner_chapitre,
    decider_chapitre,
    deposer_preuve,
    modifier_visite,
    planifier_visite,
    revoir_preuve,
    soumettre_chapitre,
)

from .enums import CndaStatus, StatutVague1
from .journal import evenement_enregistre
from .models import DSR, Candidature, Evenement, Vague
from .services import (
    assigner_referent,
    demander_complement,
    demarrer_candidature,
    enregistrer_administrative,
    enregistrer_eligibilite,
    soumettre_dossier,
    valider_dossier,
)

FICHIERS = Path(__file__).resolve().parent / "demo_fichiers"
UID_MESSAGERIE = "messagerie.on_evenement_enregistre"
# Events announced to the messaging once the journeys are saved (the others stay in the journal).
ANNONCEES = {"message_envoye", "referent_assigne"}


# --- Real small files ---------------------------------------------------------------------------


def _png(titre: str, couleur=(0, 0, 145)) -> bytes:
    image = Image.new("RGB", (640, 360), (246, 246, 246))
    dessin = ImageDraw.Draw(image)
    dessin.rectangle((0, 0, 640, 48), fill=couleur)
    dessin.text((16, 16), "Copie d'écran de démonstration", fill=(255, 255, 255))
    dessin.text((40, 160), titre, fill=(22, 22, 22))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@cache
def _pdf(titre: str) -> bytes:
    from weasyprint import HTML

    html = (
        '<html lang="fr"><head><meta charset="utf-8"></head><body>'
        f"<h1>{titre}</h1><p>Document de démonstration de la plateforme Convergence.</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _fichier(nom: str, contenu: bytes, mime: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type=mime)


def _upload_png(nom: str, titre: str) -> SimpleUploadedFile:
    return _fichier(nom, _png(titre), "image/png")


def _upload_pdf(nom: str, titre: str) -> SimpleUploadedFile:
    return _fichier(nom, _pdf(titre), "application/pdf")


def _depot(preuve, *, by, aujourdhui):
    """Deposit a plausible version of a requested proof, with the files its kind accepts."""
    pa = preuve.preuve_attendue
    nom = pa.numero.replace("/", "-").replace(" ", "")
    kind = pa.type
    champs: dict = {}
    lien = ""
    if kind == TypePreuve.VIDEO:
        fichiers = [_fichier(f"{nom}.webm", (FICHIERS / "parcours-ins.webm").read_bytes(), "video/webm")]
    elif kind == TypePreuve.LOG:
        trace = f"2026-01-12T10:{len(nom):02d}:00 INFO {pa.numero} scénario exécuté : OK\n".encode()
        fichiers = [_fichier(f"{nom}.log", trace, "text/plain")]
    elif kind == TypePreuve.DOCUMENT:
        fichiers = [_upload_pdf(f"{nom}.pdf", f"Preuve {pa.numero}")]
    elif kind == TypePreuve.TEST_INTRUSION:
        fichiers = [_upload_pdf(f"{nom}-rapport-pentest.pdf", "Rapport de test d'intrusion (prestataire PASSI)")]
        champs = {"prestataire_passi": "Audit Sécurité Conseil (PASSI)", "date_test": aujourdhui - timedelta(days=60),
                  "ko_haute": 0, "ko_moyenne": 3}
    elif kind == TypePreuve.CNDA:
        fichiers = [_upload_png(f"{nom}-cnda.png", f"Espace CNDA : {pa.numero}, statut Pré-examen")]
        champs = {"cnda_nil": "NIL-HOSPIDPI-0042", "cnda_statut": CndaStatus.PRE_EXAMEN,
                  "cnda_date_retour": aujourdhui + timedelta(days=45)}
    elif kind == TypePreuve.LIEN_INTEROP:
        fichiers, lien = [], "https://interop.example/rapports/hospidpi"
    else:
        fichiers = [_upload_png(f"{nom}.png", f"Preuve {pa.numero}")]
    return deposer_preuve(preuve, fichiers=fichiers, lien=lien, commentaire=f"Scénario {pa.numero} joué sur la recette.",
                          by=by, **champs)


# --- Steps of a journey -------------------------------------------------------------------------


def _dossier_soumis(version, dsr: DSR, *, by, quand, profils=(), vague1: bool = False) -> Candidature:
    """Phase 1 by the editor, `quand` being before Date N°1: charter, both steps, submission."""
    c = demarrer_candidature(version=version, dsr=dsr, by=by, charte_acceptee=True, now=quand)
    data = {"adresse": "12 rue de la Santé, 75013 Paris", "contact_telephone": "01 23 45 67 89",
            "statut_vague1": StatutVague1.REFERENCE if vague1 else StatutVague1.NON_REFERENCE}
    if vague1:
        data |= {"numero_referencement_vague1": "SEGUR-V1-DPI-0107",
                 "attestation_vague1": _upload_pdf("attestation-vague1.pdf", "Attestation de référencement Vague 1")}
    enregistrer_administrative(c, data=data, revision=c.administrative.revision, by=by, now=quand)
    choisis = list(dsr.profils.filter(obligatoire=True)) + list(dsr.profils.filter(nom__in=profils))
    enregistrer_eligibilite(
        c, profils=choisis, revision=c.eligibilite.revision, by=by, now=quand,
        data={"nie": "NIE-1234", "nil": f"NIL-{version.produit.nom.upper()}", "cnda_statut": CndaStatus.PRE_EXAMEN,
              "cnda_date_retour": (quand + timedelta(days=60)).date(),
              "cnda_preuve": _upload_png("cnda.png", "Espace CNDA : demande au statut Pré-examen")},
    )
    return soumettre_dossier(c, by=by, now=quand + timedelta(hours=2))


def _dossier_valide(c: Candidature, *, instructeur) -> Candidature:
    assigner_referent(c, referent=instructeur, by=instructeur)
    return valider_dossier(c, by=instructeur)


def _dossiers(c: Candidature) -> dict[str, DossierChapitre]:
    return {d.chapitre.code: d for d in DossierChapitre.objects.filter(candidature=c).select_related("chapitre")}


def _preuves(dossier: DossierChapitre) -> list:
    return list(dossier.preuves.select_related("preuve_attendue").order_by("preuve_attendue__ordre", "pk"))


def _deposer(dossier: DossierChapitre, *, by, combien: int | None = None) -> None:
    aujourdhui = timezone.localdate()
    for preuve in _preuves(dossier)[:combien]:
        _depot(preuve, by=by, aujourdhui=aujourdhui)


def _analyser(dossier: DossierChapitre, *, verificateur, avis: dict[int, tuple[str, str]] | None = None,
              decider: bool = True, commentaire: str = "") -> None:
    """A verifier takes the submitted chapter, gives an opinion on each proof (conforme unless
    `avis` says otherwise, by position), and decides the chapter when `decider`."""
    assigner_chapitre(dossier, verificateur=verificateur, by=verificateur)
    avis = avis or {}
    for i, preuve in enumerate(_preuves(dossier)):
        statut, texte = avis.get(i, (PreuveStatus.CONFORME, ""))
        if statut is None:
            continue
        revoir_preuve(preuve, statut=statut, commentaire=texte, by=verificateur)
    if decider:
        decider_chapitre(dossier, by=verificateur, commentaire=commentaire)


def _tout_valider(c: Candidature, *, editeur, verificateur) -> None:
    for dossier in _dossiers(c).values():
        _deposer(dossier, by=editeur)
        soumettre_chapitre(dossier, by=editeur)
        _analyser(dossier, verificateur=verificateur)


def _trouver(version: VersionProduit, dsr: DSR) -> Candidature | None:
    return Candidature.objects.filter(version=version, dsr=dsr).first()


# --- The journeys -------------------------------------------------------------------------------


def _phase2(version, dsr, *, alice, bruno, instructeur, verificateur, quand) -> Candidature:
    c = _dossier_soumis(version, dsr, by=alice, quand=quand, profils=["Equipements mobiles"])
    demander_complement(
        c, etape="administrative", by=instructeur, now=quand + timedelta(days=2),
        message="Bonjour, merci de préciser l'adresse du siège social (numéro de voie et code postal) du contact.",
    )
    adm = c.administrative
    adm.refresh_from_db()
    enregistrer_administrative(c, data={"adresse": "12 rue de la Santé, 75013 Paris (siège social)"},
                               revision=adm.revision, by=alice, now=quand + timedelta(days=3))
    soumettre_dossier(c, by=alice, now=quand + timedelta(days=3))
    c = _dossier_valide(c, instructeur=instructeur)
    dossiers = _dossiers(c)
    # RUM: validated at the first round.
    _deposer(dossiers["RUM"], by=alice)
    soumettre_chapitre(dossiers["RUM"], by=alice)
    _analyser(dossiers["RUM"], verificateur=verificateur)
    # CDA: one proof non conforme, waiting for the editor.
    _deposer(dossiers["CDA"], by=alice)
    soumettre_chapitre(dossiers["CDA"], by=alice)
    captures = [p.preuve_attendue.type in (TypePreuve.VIDEO_OU_CAPTURE, TypePreuve.CAPTURE) for p in _preuves(dossiers["CDA"])]
    _analyser(
        dossiers["CDA"], verificateur=verificateur,
        avis={captures.index(True): (PreuveStatus.NON_CONFORME, "La copie d'écran ne montre pas le document CDA généré : "
                  "ajoutez la vue du document avec son en-tête (patient, auteur, date).")},
        commentaire="Merci pour ce premier dépôt ; une seule preuve est à reprendre.",
    )
    # PSC: deposited by bruno, submitted by alice, in analysis (two opinions given so far).
    _deposer(dossiers["PSC"], by=bruno)
    soumettre_chapitre(dossiers["PSC"], by=alice)
    nb = dossiers["PSC"].preuves.count()
    _analyser(dossiers["PSC"], verificateur=verificateur, decider=False,
              avis=dict.fromkeys(range(2, nb), (None, "")))
    # DMP: complete, submitted, waiting in the verifiers' queue.
    _deposer(dossiers["DMP"], by=alice)
    soumettre_chapitre(dossiers["DMP"], by=alice)
    # MSS: bruno has deposited the first proofs.
    _deposer(dossiers["MSS"], by=bruno, combien=4)
    planifier_visite(c, date_visite=timezone.now() + timedelta(days=12), lieu="Visioconférence (Teams ANS)",
                     commentaire="Démonstration des flux DMP et MSS sur l'environnement de recette.", by=instructeur)
    return c


def _echanges(c: Candidature, *, alice, bruno, instructeur) -> None:
    """Messages and a support request, written after the automatic messages they follow."""
    visite = c.visites_interop.get()
    fil = fil_principal(c)
    envoyer_message(fil, by=alice, texte="Bonjour, pour la visite Interop, pouvons-nous présenter les flux "
                    "MSS sur notre environnement de recette plutôt qu'en production ?")
    envoyer_message(fil, by=instructeur, texte="Bonjour Madame Martin, oui : l'environnement de recette convient, "
                    "à condition qu'il soit dans la version technique candidate (6.0.0).")
    envoyer_message(fil, by=bruno, texte="Merci. J'ai commencé le dépôt du chapitre MSS ; la preuve CDA sera "
                    "redéposée cette semaine.")
    ouvrir_demande(
        by=bruno, categorie=DemandeCategorie.PLATEFORME, candidature=c,
        sujet="Visite Interop : quels documents préparer ?",
        description=f"Bonjour,\nnotre visite Interop est prévue le {timezone.localtime(visite.date_visite):%d/%m/%Y}. "
        "Faut-il préparer un pas-à-pas écrit en plus de la démonstration ?\nMerci.",
    )


def _convention_a_signer(version, dsr, *, alice, instructeur, verificateur, quand) -> Candidature:
    c = _dossier_soumis(version, dsr, by=alice, quand=quand, vague1=True)
    c = _dossier_valide(c, instructeur=instructeur)
    _tout_valider(c, editeur=alice, verificateur=verificateur)
    preparer_convention(c, by=instructeur)
    creer_session_college(date=timezone.now() + timedelta(days=21), lieu="ANS, salle Ségur",
                          membres="Inès Instructrice (présidente)\nVictor Vérificateur", by=instructeur)
    return c


def _referencee(version, dsr, *, alice, instructeur, verificateur, quand) -> Candidature:
    c = _dossier_soumis(version, dsr, by=alice, quand=quand)
    c = _dossier_valide(c, instructeur=instructeur)
    _tout_valider(c, editeur=alice, verificateur=verificateur)
    visite = planifier_visite(c, date_visite=timezone.now() - timedelta(days=6), lieu="Locaux de l'éditeur, Paris",
                              by=instructeur)
    modifier_visite(visite, date_visite=visite.date_visite, lieu=visite.lieu, by=instructeur,
                    rapport=_upload_pdf("rapport-visite.pdf", "Rapport de la visite Interop"),
                    pas_a_pas=_upload_pdf("pas-a-pas.pdf", "Pas-à-pas de la visite Interop"))
    convention = preparer_convention(c, by=instructeur)
    signer_convention_editeur(convention, by=alice, consentement=True, adresse_ip="127.0.0.1")
    contresigner_convention(Convention.objects.get(pk=convention.pk), by=instructeur, adresse_ip="127.0.0.1")
    session = creer_session_college(date=timezone.now() - timedelta(days=2), lieu="ANS, salle Ségur",
                                    membres="Inès Instructrice (présidente)\nVictor Vérificateur", by=instructeur)
    inscrire_a_session(session, c, by=instructeur)
    decider(c, session=session, resultat=ResultatDecision.ATTRIBUTION,
            motifs="Toutes les exigences du DSR DPI sont couvertes.", by=instructeur)
    return c


def _brouillon(version, dsr, *, carla, quand) -> Candidature:
    c = demarrer_candidature(version=version, dsr=dsr, by=carla, charte_acceptee=True, now=quand)
    enregistrer_administrative(c, data={"contact_telephone": "04 72 00 00 00"}, revision=c.administrative.revision,
                               by=carla, now=quand)
    return c


# --- Muting the messaging during the bulk work --------------------------------------------------


def _muet() -> None:
    evenement_enregistre.disconnect(dispatch_uid=UID_MESSAGERIE)


def _annoncer(depuis: int, ensuite) -> None:
    """Reconnect the messaging, announce the events a user acts on, in order, then run `ensuite`."""
    evenement_enregistre.connect(on_evenement_enregistre, dispatch_uid=UID_MESSAGERIE)
    for evenement in Evenement.objects.filter(pk__gt=depuis).select_related("candidature").order_by("pk"):
        if evenement.action in ANNONCEES or (evenement.details or {}).get("message_auto"):
            evenement_enregistre.send(sender=Evenement, evenement=evenement)
    for action in ensuite:
        action()


def load(stdout):
    vague = Vague.objects.filter(numero=2).first()
    users = {u.username: u for u in User.objects.filter(
        username__in=["alice", "bruno", "carla", "instructeur", "verificateur"])}
    versions = {(v.produit.nom, v.numero): v for v in VersionProduit.objects.select_related("produit").filter(
        produit__organisation__siren__in=[o["siren"] for o in ORGANISATIONS.values()])}
    dsrs = {d.code: d for d in DSR.objects.filter(vague=vague)} if vague else {}
    if vague is None or len(users) < 5 or not {"DPI", "PFI", "RIS"} <= dsrs.keys():
        stdout.write("Parcours de démonstration : données de référence absentes, rien à créer.")
        return
    quand = vague.date1 - timedelta(days=20)
    agents = {"instructeur": users["instructeur"], "verificateur": users["verificateur"]}
    parcours = [
        ("HospiDPI", "6.0.0", "DPI", "dépôt des preuves", lambda v, d: _phase2(
            v, d, alice=users["alice"], bruno=users["bruno"], quand=quand, **agents)),
        ("PassPFI", "3.1", "PFI", "convention à signer", lambda v, d: _convention_a_signer(
            v, d, alice=users["alice"], quand=quand + timedelta(days=1), **agents)),
        ("HospiDPI", "5.2.0", "DPI", "référencée", lambda v, d: _referencee(
            v, d, alice=users["alice"], quand=quand - timedelta(days=5), **agents)),
        ("RadioRIS", "4.0", "RIS", "dossier soumis", lambda v, d: _dossier_soumis(
            v, d, by=users["carla"], quand=vague.date1 - timedelta(days=2))),
        ("RadioRIS", "4.0", "DPI", "brouillon", lambda v, d: _brouillon(v, d, carla=users["carla"], quand=quand)),
    ]
    debut = Evenement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _muet()
    try:
        faits, ensuite = [], []
        for produit, numero, code, etape, construire in parcours:
            version = versions.get((produit, numero))
            if version is None or _trouver(version, dsrs[code]) is not None:
                continue
            c = construire(version, dsrs[code])
            faits.append(f"{produit} {numero} / {code} ({etape})")
            if etape == "dépôt des preuves":
                ensuite.append(partial(_echanges, c, alice=users["alice"], bruno=users["bruno"],
                                       instructeur=users["instructeur"]))
    except BaseException:
        evenement_enregistre.connect(on_evenement_enregistre, dispatch_uid=UID_MESSAGERIE)
        raise
    # After the journal's own on-commit announcements (muted), in registration order.
    transaction.on_commit(partial(_annoncer, debut, ensuite))
    stdout.write(f"Parcours de démonstration : {', '.join(faits) if faits else 'déjà présents'}.")
