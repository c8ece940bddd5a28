"""Demo data: the Vague 2 convention template (version 1), if the wave exists. Idempotent."""

from candidatures.models import Vague

from .models import ModeleConvention

TITRE = "Convention de référencement Ségur du numérique en santé — Vague 2"

CORPS_VAGUE2 = """<h2>Article 1 — Objet</h2>
<p>La présente convention a pour objet de définir les conditions dans lesquelles la version technique
{{ version.numero }} de la solution logicielle « {{ produit.nom }} », éditée par {{ organisation.raison_sociale }},
est référencée au titre du Ségur du numérique en santé ({{ vague.nom }}), pour le dossier de spécifications de
référencement {{ dsr.code }} — {{ dsr.nom }} et les profils suivants :
{% for p in profils %}{{ p.nom }}{% if not forloop.last %}, {% endif %}{% endfor %}.</p>
<p>Le référencement atteste de la conformité de cette version technique aux exigences du référentiel d'exigences
métier (REM) applicable, telle qu'examinée par le collège de référencement.</p>

<h2>Article 2 — Durée</h2>
<p>La convention prend effet à la date de sa contre-signature par l'ANS. Elle est conclue pour toute la durée du
référencement de la version technique désignée à l'article 1. Une convention de référencement signée au titre de la
Vague 1 reste en vigueur à la suite de l'obtention d'un référencement Vague 2.</p>

<h2>Article 3 — Obligations de l'Éditeur</h2>
<p>L'Éditeur s'engage à :</p>
<ul>
  <li>maintenir la conformité de la version référencée aux exigences du REM pendant toute la durée du référencement ;</li>
  <li>informer l'ANS sans délai de toute évolution de la solution susceptible d'affecter cette conformité ;</li>
  <li>fournir à l'ANS, à sa demande, tout élément permettant de vérifier le respect des exigences ;</li>
  <li>ne présenter comme référencée que la version technique désignée à l'article 1.</li>
</ul>

<h2>Article 4 — Communication et utilisation des logos de l'ANS</h2>
<p>L'Éditeur peut faire état du référencement dans sa communication, en citant le numéro de référencement attribué
et la version technique concernée. L'utilisation du logo de l'ANS et de la marque « Ségur du numérique en santé »
est soumise au respect de la charte graphique transmise par l'ANS ; elle ne doit créer aucune confusion sur le
périmètre du référencement, ni laisser entendre que d'autres versions ou d'autres produits sont référencés.</p>

<h2>Article 5 — Résiliation</h2>
<p>En cas de manquement de l'Éditeur à ses obligations, l'ANS peut, après une mise en demeure restée sans effet
pendant trente jours, résilier la présente convention et retirer le référencement. L'Éditeur cesse alors toute
communication relative au référencement et toute utilisation des logos de l'ANS.</p>
"""


def load(stdout):
    vague = Vague.objects.filter(numero=2).first()
    if vague is None:
        stdout.write("Modèle de convention : aucune Vague 2, rien à créer.")
        return
    modele, created = ModeleConvention.objects.get_or_create(
        vague=vague, version=1, defaults={"titre": TITRE, "corps": CORPS_VAGUE2, "actif": True}
    )
    stdout.write(f"Modèle de convention : {modele} ({'créé' if created else 'déjà présent'}).")
