"""Claims of an iSC identity, in the id_token and at the userinfo endpoint, filtered by scope."""

from oauth2_provider.oauth2_validators import OAuth2Validator


def _identite(request):
    return request.user.isc_identite


class IscOAuth2Validator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "siren": "organisation",
        "siret": "organisation",
        "raison_sociale": "organisation",
        "isc_role": "organisation",
    }

    def get_claim_dict(self, request):
        claims = super().get_claim_dict(request)
        # The subject is the iSC identity's own stable identifier, not a database key.
        claims["sub"] = lambda r: str(_identite(r).sub)
        return claims

    def get_additional_claims(self):
        # Request-agnostic form (callables): DOT then lists these in claims_supported.
        return {
            "given_name": lambda r: _identite(r).prenom,
            "family_name": lambda r: _identite(r).nom,
            "name": lambda r: _identite(r).nom_complet,
            "email": lambda r: _identite(r).email,
            "email_verified": lambda r: True,
            "siren": lambda r: _identite(r).siren,
            "siret": lambda r: _identite(r).siret,
            "raison_sociale": lambda r: _identite(r).raison_sociale,
            "isc_role": lambda r: _identite(r).role,
        }
