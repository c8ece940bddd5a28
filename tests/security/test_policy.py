"""The policy answers from the rules only: a superuser (the ANS administrators are superusers for
the admin site) gets no editor right, and an unknown action is refused."""

import pytest

from comptes.errors import PermissionRefusee
from comptes.policy import can
from preuves.services import deposer_preuve
from tests.preuves.factories import (
    candidature_en_preuves,
    catalogue,
    png,
    preuves_par_numero,
)

pytestmark = pytest.mark.django_db


def test_a_superuser_agent_cannot_act_as_an_editor(administrateur):
    c = candidature_en_preuves(catalogue())
    preuve = preuves_par_numero(c)["INS/GEN.02"]

    assert administrateur.has_perm("preuves.deposer_preuve", c)  # Django's superuser short-cut
    assert can(administrateur, "preuves.deposer_preuve", c) is False
    assert can(administrateur, "comptes.manage_users", None) is False
    assert can(administrateur, "candidatures.configurer_vague") is True  # an ANS administrator's own right
    with pytest.raises(PermissionRefusee):
        deposer_preuve(preuve, fichiers=[png()], by=administrateur)
    assert preuve.depots.count() == 0


def test_an_unknown_action_is_refused(administrateur):
    assert can(administrateur, "comptes.nimporte_quoi") is False
