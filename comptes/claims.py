"""The claims the platform receives from Industriels Santé Connect, checked before any use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .errors import DomainError
from .models import IscRole


class ClaimsInvalides(DomainError):
    code = "claims_invalides"
    http_status = 403


@dataclass(frozen=True)
class IscClaims:
    sub: str
    email: str
    siren: str
    siret: str
    raison_sociale: str
    prenom: str
    nom: str
    role: str

    @classmethod
    def depuis(cls, data: dict) -> IscClaims:
        """Read and check the claims (userinfo over id_token). Raises ClaimsInvalides."""

        def text(key: str) -> str:
            value = data.get(key)
            return value.strip() if isinstance(value, str) else ""

        sub, email, siren, siret = (
            text("sub"),
            text("email"),
            text("siren"),
            text("siret"),
        )
        raison_sociale = text("raison_sociale")
        manquants = [
            label
            for label, value in (
                ("identifiant (sub)", sub),
                ("adresse électronique (email)", email),
                ("SIREN (siren)", siren),
                ("raison sociale (raison_sociale)", raison_sociale),
            )
            if not value
        ]
        if manquants:
            raise ClaimsInvalides(
                "Industriels Santé Connect n'a pas transmis les informations nécessaires : "
                + ", ".join(manquants)
                + ". Vérifiez votre compte iSC et le partage des informations avec Convergence."
            )
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ClaimsInvalides(
                f"L'adresse électronique transmise par iSC (« {email} ») n'est pas valide."
            ) from exc
        if not re.fullmatch(r"\d{9}", siren):
            raise ClaimsInvalides(
                f"Le SIREN transmis par iSC (« {siren} ») doit comporter exactement 9 chiffres."
            )
        if siret and not (re.fullmatch(r"\d{14}", siret) and siret.startswith(siren)):
            raise ClaimsInvalides(
                f"Le SIRET transmis par iSC (« {siret} ») doit comporter 14 chiffres et commencer par le SIREN {siren}."
            )
        role = text("isc_role").upper()
        return cls(
            sub=sub,
            email=email,
            siren=siren,
            siret=siret,
            raison_sociale=raison_sociale[:255],
            prenom=text("given_name")[:150],
            nom=text("family_name")[:150],
            role=role if role in IscRole.values else "",
        )
