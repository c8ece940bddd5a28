"""Rights on waves, DSRs and candidatures (django-rules, answered through comptes.policy)."""

import rules

from comptes.rules import is_administrateur_ans

# --- catalogue: waves, their dates, DSRs and profiles (ANS administrators) ---
rules.add_perm("candidatures.configurer_vague", is_administrateur_ans)
