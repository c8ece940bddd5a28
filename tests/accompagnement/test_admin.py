from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accompagnement.models import EvenementCalendrier
from tests.accompagnement.factories import DemandeSupportFactory, QuestionFAQFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_admin_creates_an_event_with_its_slides_through_the_upload_path(client, administrateur):
    client.force_login(administrateur)

    response = client.post(
        reverse("admin:accompagnement_evenementcalendrier_add"),
        {
            "titre": "Webinaire dépôt des preuves",
            "type": "webinaire",
            "debut_0": "2026-03-10",
            "debut_1": "10:00:00",
            "fin_0": "2026-03-10",
            "fin_1": "11:30:00",
            "publie": "on",
            "fichier_support": SimpleUploadedFile("support.pdf", PDF),
        },
    )

    assert response.status_code == 302
    ev = EvenementCalendrier.objects.get()
    assert (ev.support_fichier.nom, ev.support_fichier.type_mime, ev.support_fichier.organisation) == ("support.pdf", "application/pdf", None)


def test_admin_lists_faq_and_requests(client, administrateur):
    QuestionFAQFactory(question="Quelles dates ?")
    DemandeSupportFactory(sujet="Question éditeur")
    client.force_login(administrateur)

    assert "Quelles dates ?" in client.get(reverse("admin:accompagnement_questionfaq_changelist")).content.decode()
    assert "Question éditeur" in client.get(reverse("admin:accompagnement_demandesupport_changelist")).content.decode()
