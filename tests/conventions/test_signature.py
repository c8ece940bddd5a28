import logging
import stat

import pytest
from cryptography import x509

from conventions import signature

HTML = "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'></head><body><p>Référencement évalué</p></body></html>"


def test_a_local_self_signed_pair_is_generated_once_with_a_warning(settings, tmp_path, caplog):
    settings.VAR_DIR = tmp_path
    caplog.set_level(logging.WARNING, logger="conventions.signature")

    premier = signature.materiel_signature()
    second = signature.materiel_signature()

    path = tmp_path / "keys" / "convention-signing.pem"
    assert premier == second
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [r.getMessage() for r in caplog.records] == [
        "Aucune clé de signature configurée (CONVERGENCE_SIGNING_KEY_FILE/_PEM) : une clé et un certificat "
        f"auto-signés ont été générés dans {path}. Ils conviennent au développement et à la démonstration, "
        "pas à la production."
    ]
    cert = x509.load_pem_x509_certificate(premier.cert_pem)
    assert cert.subject == cert.issuer


def test_configured_pem_keys_are_used_and_signatures_validate_against_them(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "local"
    paire = signature._generer_paire_locale()
    key, cert = paire.split(b"-----BEGIN CERTIFICATE-----")
    settings.CONVERGENCE_SIGNING_KEY_PEM = key.decode()
    settings.CONVERGENCE_SIGNING_CERT_PEM = "-----BEGIN CERTIFICATE-----" + cert.decode()

    signe = signature.signer_pdf(signature.rendre_pdf(HTML), champ="ANS", raison="Test", nom="ANS")

    [(champ, status)] = signature.valider_signatures(signe)
    assert (champ, status.bottom_line) == ("ANS", True)
    assert status.signing_cert.dump() == signature.certificat_plateforme().dump()
    assert not (tmp_path / "local" / "keys").exists()


def test_configured_key_files_are_used(settings, tmp_path):
    key, cert = signature._generer_paire_locale().split(b"-----BEGIN CERTIFICATE-----")
    (tmp_path / "key.pem").write_bytes(key)
    (tmp_path / "cert.pem").write_bytes(b"-----BEGIN CERTIFICATE-----" + cert)
    settings.CONVERGENCE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")
    settings.CONVERGENCE_SIGNING_CERT_FILE = str(tmp_path / "cert.pem")

    materiel = signature.materiel_signature()

    assert materiel.key_pem == key
    assert materiel.cert_pem.startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_signature_by_another_key_does_not_validate(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "a"
    signe = signature.signer_pdf(signature.rendre_pdf(HTML), champ="ANS", raison="Test", nom="ANS")
    settings.VAR_DIR = tmp_path / "b"

    [(_champ, status)] = signature.valider_signatures(signe)

    assert (status.intact, status.valid, status.trusted) == (True, True, False)


@pytest.mark.parametrize("corps", ["{% if %}", "{{ produit.nom|filtre_inconnu }}"])
def test_verifier_gabarit_refuses_invalid_templates(corps):
    from comptes.errors import DomainError
    from conventions.documents import verifier_gabarit

    with pytest.raises(DomainError):
        verifier_gabarit(corps)
