import factory

from comptes.models import IscRole
from isc.models import IscIdentite
from isc.services import creer_identite

ISC_PASSWORD = "Mot-de-passe-isc-42"


class IscIdentiteFactory(factory.Factory):
    """An iSC identity (and its shadow user), built through isc.services.creer_identite."""

    class Meta:
        model = IscIdentite

    identifiant = factory.Sequence(lambda n: f"isc{n}")
    mot_de_passe = ISC_PASSWORD
    prenom = "Dominique"
    nom = factory.Sequence(lambda n: f"Lefèvre{n}")
    email = factory.LazyAttribute(lambda i: f"{i.identifiant}@editeur.example")
    siren = "123456782"
    siret = "12345678200017"
    raison_sociale = "Hôpital Logiciels SAS"
    role = IscRole.MANDATAIRE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return creer_identite(**kwargs)

    _build = _create
