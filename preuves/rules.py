"""Rights on the REM catalogue (django-rules, answered through comptes.policy)."""

import rules

from comptes.rules import is_administrateur_ans

# --- catalogue (REM import) ---
rules.add_perm("preuves.importer_referentiel", is_administrateur_ans)
