"""Depot.candidature: the proof's candidature kept on each deposit, filled from its proof, and an
index to read a candidature's deposits newest first."""

import django.db.models.deletion
from django.db import migrations, models

REMPLIR = """
UPDATE preuves_depot SET candidature_id = (
    SELECT candidature_id FROM preuves_preuvedemandee WHERE preuves_preuvedemandee.id = preuves_depot.preuve_id
)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("candidatures", "0003_planification_hors_delai"),
        ("preuves", "0003_ordering_sans_jointure"),
    ]

    operations = [
        migrations.AddField(
            model_name="depot",
            name="candidature",
            field=models.ForeignKey(
                db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="+", to="candidatures.candidature",
            ),
        ),
        migrations.RunSQL(REMPLIR, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="depot",
            name="candidature",
            field=models.ForeignKey(
                db_index=False, editable=False, on_delete=django.db.models.deletion.CASCADE,
                related_name="+", to="candidatures.candidature",
            ),
        ),
        migrations.AddIndex(
            model_name="depot",
            index=models.Index(fields=["candidature", "-created_at"], name="depot_candidature_recent"),
        ),
    ]
