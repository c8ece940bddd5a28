from oauth2_provider.oauth2_validators import OAuth2Validator


class IscOAuth2Validator(OAuth2Validator):
    """Claims of the iSC identity (completed in the isc app)."""
