"""Phase 2 in Chromium: an editor deposits the proofs of a chapter (a real WebM video and PNG
images) and submits it; a verifier reviews it with one proof non conforme; the editor redeposits
that proof and resubmits; the verifier validates; the history shows both rounds."""

import base64
import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from preuves.models import DossierChapitre, PreuveDemandee
from tests.e2e.conftest import assert_accessible, login_as
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    contributeur_soumetteur,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/phase2-{}.png"

# Records a short real WebM video (VP8) from a canvas, in the browser itself.
ENREGISTRER_VIDEO = """async () => {
  const c = document.createElement('canvas'); c.width = 320; c.height = 180;
  const ctx = c.getContext('2d');
  const rec = new MediaRecorder(c.captureStream(25), {mimeType: 'video/webm;codecs=vp8'});
  const morceaux = [];
  rec.ondataavailable = e => { if (e.data.size) morceaux.push(e.data); };
  rec.start(100);
  for (let i = 0; i < 25; i++) {
    ctx.fillStyle = `hsl(${i * 14}, 70%, 45%)`; ctx.fillRect(0, 0, 320, 180);
    ctx.fillStyle = '#fff'; ctx.font = '24px sans-serif'; ctx.fillText('Séquence INS ' + i, 40, 100);
    await new Promise(r => setTimeout(r, 40));
  }
  const fini = new Promise(r => rec.onstop = r);
  rec.stop(); await fini;
  const octets = new Uint8Array(await new Blob(morceaux).arrayBuffer());
  let s = ''; for (const b of octets) s += String.fromCharCode(b);
  return btoa(s);
}"""


def image_png(couleur) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (320, 200), couleur).save(buf, "PNG")
    return buf.getvalue()


def fichier(nom, mime, contenu):
    return {"name": nom, "mimeType": mime, "buffer": contenu}


def visiter(page, url, nom):
    page.goto(url)
    assert_accessible(page)
    page.screenshot(path=SHOTS.format(nom), full_page=True)


def changer_utilisateur(page, live_server, user):
    page.context.clear_cookies()
    login_as(page, live_server, user)


def ouvrir_depot(page, preuve):
    """Open the proof's deposit accordion in the chapter page and wait for its form, which loads
    in place; the form is returned."""
    carte = page.locator(f"#preuve-{preuve.pk}")
    carte.get_by_role("button", name=re.compile("^Déposer (la preuve|une nouvelle version)$")).click()
    formulaire = carte.locator(f"#depot-{preuve.pk} form")
    expect(formulaire.get_by_role("button", name="Déposer cette version")).to_be_visible()
    expect(carte.locator(f"#depot-{preuve.pk}")).not_to_have_attribute("aria-busy", "true")
    return formulaire


def deposer(page, live_server, preuve, fichiers, nom):
    """Deposit through the chapter page, as an editor does: open the proof's accordion, wait for
    the form, choose the files, send; the chapter page comes back with the confirmation."""
    chapitre = f"{live_server.url}/preuves/chapitres/{preuve.dossier_id}/"
    if page.url.split("#")[0] != chapitre:
        visiter(page, chapitre, f"{nom}-chapitre")
    formulaire = ouvrir_depot(page, preuve)
    assert_accessible(page)
    page.screenshot(path=SHOTS.format(nom), full_page=True)
    formulaire.locator("input[type=file]").set_input_files(fichiers)
    formulaire.get_by_role("button", name="Déposer cette version").click()
    expect(page.locator(".fr-alert--success").first).to_contain_text(
        re.compile(rf"Version \d+ de la preuve {re.escape(preuve.preuve_attendue.numero)} déposée")
    )
    assert_accessible(page)


def analyser(page, live_server, verificateur, avis, nom, *, videos, images):
    """The verifier takes the chapter from the queue, sees the files in the page, gives `avis`
    per proof and closes the round."""
    changer_utilisateur(page, live_server, verificateur)
    visiter(page, f"{live_server.url}/preuves/verification/", f"{nom}-file")
    page.get_by_role("button", name=re.compile("Prendre en charge")).click()
    expect(page.locator("#statut-chapitre")).to_have_text("En analyse")
    assert_accessible(page)
    expect(page.locator(".cv-preuve .cv-preview video")).to_have_count(videos)
    expect(page.locator(".cv-preuve .cv-preview img")).to_have_count(images)
    # The video is real: the browser reads its duration.
    page.wait_for_function("() => { const v = document.querySelector('.cv-preview video'); return v && v.readyState >= 1 && v.duration > 0; }")
    for preuve, (statut, commentaire) in avis.items():
        carte = page.locator(f"#preuve-{preuve.pk}")
        carte.locator("label.fr-label", has_text=re.compile(f"^{statut}$")).click()
        expect(carte.get_by_label(statut, exact=True)).to_be_checked()
        if commentaire:
            carte.get_by_label("Commentaire pour l'éditeur").fill(commentaire)
        carte.get_by_role("button", name=re.compile("Enregistrer l'avis")).click()
        expect(page.locator(".fr-alert--success").first).to_contain_text("Avis enregistré")
    page.screenshot(path=SHOTS.format(f"{nom}-revue"), full_page=True)
    page.get_by_role("button", name="Clore l'analyse et notifier l'éditeur").click()
    expect(page.locator(".fr-alert--success").first).to_contain_text("Analyse du chapitre INS close")
    assert_accessible(page)


def test_editor_deposits_verifier_reviews_two_rounds(page, live_server, verificateur):
    candidature = candidature_en_preuves(catalogue())
    editeur = contributeur_soumetteur(candidature)
    ins = DossierChapitre.objects.get(candidature=candidature, chapitre__code="INS")
    video, capture, reprise = PreuveDemandee.objects.filter(dossier=ins).order_by("preuve_attendue__ordre")
    login_as(page, live_server, editeur)

    page.goto("about:blank")
    webm = base64.b64decode(page.evaluate(ENREGISTRER_VIDEO))
    visiter(page, f"{live_server.url}/preuves/candidatures/{candidature.pk}/", "01-candidature")
    expect(page.locator("#reste-a-faire")).to_be_visible()
    page.get_by_role("link", name=re.compile("Ouvrir le chapitre INS")).click()
    assert_accessible(page)
    page.screenshot(path=SHOTS.format("02-chapitre-vide"), full_page=True)

    # Round 1: a real video and images
    deposer(page, live_server, video, [fichier("parcours-ins.webm", "video/webm", webm), fichier("ecran-1.png", "image/png", image_png((20, 90, 160)))], "03-depot-video")
    deposer(page, live_server, capture, [fichier("qualification.png", "image/png", image_png((200, 120, 0)))], "04-depot-capture")
    deposer(page, live_server, reprise, [fichier("reprise.png", "image/png", image_png((0, 140, 60)))], "05-depot-reprise")
    page.screenshot(path=SHOTS.format("06-chapitre-complet"), full_page=True)
    page.get_by_role("button", name="Soumettre le chapitre pour analyse").click()
    expect(page.locator("#statut-chapitre")).to_have_text("Soumis")
    assert_accessible(page)

    # The verifier sees the video and images in the page, rejects the video
    analyser(page, live_server, verificateur, {
        video: ("Non conforme", "La vidéo ne montre pas la récupération de l'INS."),
        capture: ("Conforme", ""),
        reprise: ("Conforme", ""),
    }, "07-tour1", videos=1, images=3)
    expect(page.locator("#statut-chapitre")).to_have_text("En attente éditeur")

    # Round 2: the editor reads the feedback, redeposits the video, resubmits
    changer_utilisateur(page, live_server, editeur)
    visiter(page, f"{live_server.url}/preuves/chapitres/{ins.pk}/", "08-chapitre-a-reprendre")
    expect(page.locator(f"#preuve-{video.pk}")).to_contain_text("La vidéo ne montre pas la récupération de l'INS.")
    expect(page.locator(f"#preuve-{video.pk} .fr-badge").first).to_have_text("Non conforme")
    deposer(page, live_server, video, [fichier("parcours-ins-v2.webm", "video/webm", webm)], "09-redepot")
    page.get_by_role("button", name="Soumettre le chapitre pour analyse").click()
    expect(page.locator("#statut-chapitre")).to_have_text("Soumis")

    analyser(page, live_server, verificateur, {video: ("Conforme", "")}, "10-tour2", videos=1, images=0)
    expect(page.locator("#statut-chapitre")).to_have_text("Validé")

    # The history shows both rounds, and both versions of the video with their reviews
    changer_utilisateur(page, live_server, editeur)
    visiter(page, f"{live_server.url}/preuves/chapitres/{ins.pk}/", "11-chapitre-valide")
    historique = page.locator("#historique + .fr-table tbody tr")
    expect(historique).to_have_count(2)
    expect(historique.nth(0)).to_contain_text("Validé")
    expect(historique.nth(1)).to_contain_text("En attente éditeur")
    carte = page.locator(f"#preuve-{video.pk}")
    carte.get_by_role("button", name=re.compile("Historique : 2 versions")).click()
    expect(carte.locator(".cv-versions > li")).to_have_count(2)
    expect(carte.locator(".cv-versions > li").nth(1)).to_contain_text("La vidéo ne montre pas la récupération de l'INS.")
    page.screenshot(path=SHOTS.format("12-historique"), full_page=True)
    assert_accessible(page)
    visiter(page, f"{live_server.url}/preuves/candidatures/{candidature.pk}/", "13-candidature-fin")


def test_pentest_rule_is_checked_in_the_deposit_form_loaded_in_the_chapter_page(page, live_server):
    candidature = candidature_en_preuves(catalogue())
    ssi = DossierChapitre.objects.get(candidature=candidature, chapitre__code="SSI")
    pentest = PreuveDemandee.objects.get(dossier=ssi, preuve_attendue__type="test_intrusion")
    login_as(page, live_server, contributeur_soumetteur(candidature))
    visiter(page, f"{live_server.url}/preuves/chapitres/{ssi.pk}/", "14-chapitre-ssi")

    formulaire = ouvrir_depot(page, pentest)
    resultat = formulaire.locator("[data-regle-resultat]")
    formulaire.get_by_label("Points de contrôle KO de gravité haute").fill("1")
    formulaire.get_by_label("Points de contrôle KO de gravité moyenne").fill("3")

    expect(resultat).to_contain_text("Règle d'acceptation non respectée : 1 point de contrôle KO de gravité haute (aucun n'est admis).")
    formulaire.get_by_label("Points de contrôle KO de gravité haute").fill("2")
    formulaire.get_by_label("Points de contrôle KO de gravité moyenne").fill("11")
    expect(resultat).to_have_text(
        "Règle d'acceptation non respectée : 2 points de contrôle KO de gravité haute (aucun n'est admis) ; "
        "11 points de contrôle KO de gravité moyenne (10 au plus). Le rapport peut être déposé mais le "
        "chapitre ne pourra pas être soumis."
    )
    formulaire.get_by_label("Points de contrôle KO de gravité moyenne").fill("10")
    formulaire.get_by_label("Points de contrôle KO de gravité haute").fill("-1")
    expect(resultat).to_have_text("")  # no verdict on a count the form refuses
    formulaire.get_by_label("Points de contrôle KO de gravité haute").fill("0")
    expect(resultat).to_contain_text("Règle d'acceptation respectée")
    page.screenshot(path=SHOTS.format("15-depot-test-intrusion"), full_page=True)
    assert_accessible(page)

    # The script's texts are the server's, in the language the user chose.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('preuves:deposer', args=[pentest.pk])}")
    page.locator("[data-regle-ko=ko_haute]").fill("1")
    page.locator("[data-regle-ko=ko_moyenne]").fill("3")
    expect(page.locator("[data-regle-resultat]")).to_have_text(
        "Acceptance rule not met: 1 high-severity failed checkpoint (none allowed). The report can be "
        "deposited but the chapter cannot be submitted."
    )
