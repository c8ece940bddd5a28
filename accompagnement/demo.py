"""Demo data of the Espace Authentifié: FAQ, calendar, service links, the account manager
Armand and one support request. Idempotent (get_or_create)."""

from datetime import timedelta

from django.utils import timezone

from candidatures.models import DSR, Vague
from comptes.demo import DEMO_PASSWORD
from comptes.models import Organisation, User

from .enums import DemandeCategorie, TypeEvenement
from .models import (
    DemandeSupport,
    EvenementCalendrier,
    LienService,
    QuestionFAQ,
    ThemeFAQ,
)
from .services import ouvrir_demande, repondre_demande

ORGANISATIONS = [("123456782", "Hôpital Logiciels SAS"), ("987654324", "Radiologie Numérique SA")]

THEMES = ["Calendrier et jalons", "Preuves", "CNDA", "Sécurité", "Référencement", "Convention", "Plateforme Convergence"]

# (question, answer, themes, DSR codes, "à la une", order)
FAQ = [
    (
        "Quelles sont les trois dates clés de la Vague 2 ?",
        "Date N°1 : dernier moment pour avoir soumis au moins une fois la candidature administrative et le formulaire d'éligibilité.\n"
        "Date N°2 : dernier moment pour avoir soumis au moins une fois le dossier complet de preuves. Aucun profil optionnel ne peut être ajouté ensuite.\n"
        "Date N°3 : fin des échanges entre l'éditeur et l'ANS ; plus aucune preuve ne peut être redéposée après cette date.\n"
        "Les dates exactes figurent dans votre calendrier Convergence.",
        ["Calendrier et jalons"], [], True, 1,
    ),
    (
        "Comment déposer mes preuves de conformité dans Convergence ?",
        "Nouveauté de la Vague 2 : les preuves se déposent chapitre par chapitre (INS, DMP, MSS, SSI…), selon la catégorisation du REM.\n"
        "Chaque preuve demandée est obligatoire. Lorsque toutes les preuves d'un chapitre sont déposées, soumettez le chapitre complet : "
        "chaque soumission lance une analyse indépendante par les vérificateurs de l'ANS, avec un statut par chapitre et par preuve.",
        ["Preuves"], ["DPI"], True, 2,
    ),
    (
        "Quel justificatif CNDA fournir si l'homologation n'est pas encore obtenue ?",
        "Déposez une copie d'écran de votre espace personnel CNDA montrant les informations du logiciel, le statut de la demande au moins à « Pré-examen » "
        "(« En cours actif » dans le parcours éditeurs du CNDA) et la date de retour prévisionnelle.\n"
        "Seul un dossier contenant l'intégralité des homologations du CNDA peut, in fine, être référencé.",
        ["CNDA"], ["DPI"], False, 3,
    ),
    (
        "Quelle homologation CNDA est exigée pour le DSR DPI ?",
        "L'exigence DMP/AIRS.03.01.01 demande l'homologation CNDA pour le profil de consultation avec le mode d'authentification AIR simplifié "
        "(Authentification Indirecte Renforcée). Renseignez votre NIE et votre NIL, ainsi que les NIL des composants additionnels, dans le formulaire d'éligibilité.",
        ["CNDA"], ["DPI"], False, 4,
    ),
    (
        "Quels sont les critères d'acceptation du rapport de test d'intrusion ?",
        "L'exigence SSI/GEN.18 impose un test d'intrusion, à votre charge, réalisé par un prestataire qualifié PASSI.\n"
        "Critères : 0 point de contrôle KO de gravité haute et au plus 10 points de contrôle KO de gravité moyenne.\n"
        "Déposez le rapport une première fois avant la Date N°2 ; vous pouvez en déposer une version corrigée jusqu'à la Date N°3.",
        ["Sécurité", "Preuves"], ["DPI"], True, 5,
    ),
    (
        "Ma solution est référencée en Vague 1 : dois-je redéposer les preuves déjà validées ?",
        "Non. Indiquez dans la candidature administrative que votre solution est référencée en Vague 1, avec votre numéro de référencement et l'attestation. "
        "Les preuves du périmètre Vague 1 sont alors prises en compte et ne vous sont pas redemandées à l'étape de dépôt des preuves.",
        ["Référencement", "Preuves"], [], False, 6,
    ),
    (
        "Combien de fois dois-je signer la convention de référencement ?",
        "Une seule fois : nouveauté de la Vague 2, l'ANS vous transmet la convention pour signature électronique une fois l'ensemble de vos preuves validées. "
        "Votre signature est un prérequis pour la présentation au collège de référencement.\n"
        "Une convention signée en Vague 1 reste en vigueur après l'obtention d'un référencement Vague 2.",
        ["Convention"], [], True, 7,
    ),
    (
        "Puis-je ajouter un profil optionnel après la Date N°2 ?",
        "Non : les profils optionnels doivent être sélectionnés dans le formulaire d'éligibilité avant la Date N°2. Le profil Général est obligatoire pour chaque DSR.",
        ["Calendrier et jalons", "Référencement"], ["DPI"], False, 8,
    ),
    (
        "Que se passe-t-il en cas de non-attribution du référencement ?",
        "Le collège de référencement communique sa décision et la ou les raisons (réserves bloquantes). "
        "Si cette décision intervient avant la Date N°3, vous pouvez redéposer les preuves non conformes.",
        ["Référencement"], [], False, 9,
    ),
    (
        "Plusieurs collaborateurs peuvent-ils compléter la même candidature ?",
        "Oui. Le premier utilisateur de votre organisation crée d'autres utilisateurs et leur donne des droits plus ou moins étendus sur vos produits ; "
        "ils peuvent à leur tour créer des utilisateurs, sans jamais dépasser leurs propres droits.\n"
        "Tous les utilisateurs rattachés à une candidature reçoivent ses notifications, dans la plateforme et par e-mail.",
        ["Plateforme Convergence"], [], False, 10,
    ),
]

SERVICES = [
    (
        "Activer l'API Sesali",
        "Accès dédié pour activer l'API Sesali de l'Assurance Maladie.",
        "https://industriels.esante.gouv.fr/produits-et-services/sesali",
        "fr-icon-code-s-slash-line",
        1,
    ),
    (
        "Gérer le raccordement Pro Santé Connect",
        "Accès simplifié pour gérer le raccordement de votre solution à Pro Santé Connect.",
        "https://industriels.esante.gouv.fr/produits-et-services/pro-sante-connect",
        "fr-icon-links-line",
        2,
    ),
    (
        "Observatoire de la e-santé",
        "Accès direct à l'Observatoire de la e-santé et aux indicateurs d'usage du Ségur.",
        "https://esante.gouv.fr/observatoire",
        "fr-icon-line-chart-line",
        3,
    ),
]


def _armand() -> User:
    armand, created = User.objects.get_or_create(
        username="armand",
        defaults={
            "first_name": "Armand",
            "last_name": "Gestionnaire",
            "email": "armand@ans.localhost",
            "telephone": "01 58 45 32 50",
            "is_staff": True,
        },
    )
    if created:
        armand.set_password(DEMO_PASSWORD)
        armand.save()
    return armand


def _faq(vague: Vague | None) -> None:
    themes = {nom: ThemeFAQ.objects.get_or_create(nom=nom, defaults={"ordre": i})[0] for i, nom in enumerate(THEMES)}
    for question, reponse, noms_themes, codes, actualite, ordre in FAQ:
        q, _created = QuestionFAQ.objects.get_or_create(
            question=question, defaults={"reponse": reponse, "actualite": actualite, "ordre": ordre, "vague": vague}
        )
        q.themes.add(*(themes[n] for n in noms_themes))
        if codes:
            q.dsrs.add(*DSR.objects.filter(code__in=codes, vague__active=True))


def _calendrier(vague: Vague | None) -> None:
    debut = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    events = [
        (
            "Webinaire : le dépôt des preuves chapitre par chapitre",
            TypeEvenement.WEBINAIRE,
            debut - timedelta(days=14),
            "Présentation du dépôt des preuves dans Convergence : chapitres, soumission d'un chapitre complet, retours par preuve, CNDA et test d'intrusion.",
            {
                "replay_url": "https://www.youtube.com/@ANSsante/videos",
                "support_url": "https://industriels.esante.gouv.fr/segur-numerique-sante/vague-2",
            },
        ),
        (
            "Ask Me Anything : le contenu des DSR et du REM avec la TF HOP",
            TypeEvenement.ASK_ME_ANYTHING,
            debut + timedelta(days=10),
            "Session ouverte avec la Task Force Hôpital (TF HOP) pour répondre à vos questions sur les DSR et le référentiel d'exigences métier.",
            {"lien_inscription": "https://esante.gouv.fr/agenda"},
        ),
        (
            "Webinaire : financement Ségur Vague 2",
            TypeEvenement.WEBINAIRE,
            debut + timedelta(days=35),
            "Le financement de l'installation des solutions référencées pour le compte de vos clients.",
            {"lien_inscription": "https://esante.gouv.fr/agenda"},
        ),
    ]
    for titre, type_, quand, description, liens in events:
        EvenementCalendrier.objects.get_or_create(
            titre=titre,
            defaults={"type": type_, "debut": quand, "fin": quand + timedelta(hours=1, minutes=30), "description": description, "vague": vague, **liens},
        )


def _demande(organisation: Organisation) -> None:
    auteur = organisation.utilisateurs.filter(is_active=True).order_by("-est_admin_organisation", "pk").first()
    sujet = "Exigences Vague 2 : preuve attendue pour SSI/GEN.18"
    if auteur is None or DemandeSupport.objects.filter(organisation=organisation, sujet=sujet).exists():
        return
    demande = ouvrir_demande(
        by=auteur,
        categorie=DemandeCategorie.EXIGENCES,
        sujet=sujet,
        description="Bonjour,\nnotre test d'intrusion a été réalisé par un prestataire PASSI le mois dernier. "
        "Le rapport compte 2 points de contrôle KO de gravité moyenne : pouvons-nous le déposer tel quel ?\nMerci.",
    )
    agent = User.objects.filter(username="instructeur", organisation__isnull=True).first()
    if agent is not None:
        repondre_demande(
            demande,
            by=agent,
            texte="Bonjour, oui : le rapport est recevable avec 0 KO de gravité haute et au plus 10 KO de gravité moyenne. "
            "Pouvez-vous nous confirmer le nom du prestataire PASSI ?",
            attendre_editeur=True,
        )


def load(stdout):
    armand = _armand()
    organisations = []
    for siren, raison_sociale in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(siren=siren, defaults={"raison_sociale": raison_sociale})
        if org.gestionnaire_compte_id is None:
            org.gestionnaire_compte = armand
            org.save(update_fields=["gestionnaire_compte", "updated_at"])
        organisations.append(org)
    vague = Vague.objects.filter(numero=2).first()
    _faq(vague)
    _calendrier(vague)
    for titre, description, url, icone, ordre in SERVICES:
        LienService.objects.get_or_create(titre=titre, defaults={"description": description, "url": url, "icone": icone, "ordre": ordre})
    _demande(organisations[0])
    stdout.write(
        f"Espace Authentifié : {len(FAQ)} questions de FAQ, 3 événements, {len(SERVICES)} services ; "
        f"gestionnaire de compte « armand » (mot de passe {DEMO_PASSWORD})"
    )
