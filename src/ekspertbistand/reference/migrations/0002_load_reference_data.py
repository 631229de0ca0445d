"""Load the reference data files (counties, municipalities, NAV units, rates).

Reverse is a no-op: unloading would delete rows NAV may have edited or that cases refer to.
"""

from django.db import migrations

from ekspertbistand.reference.loading import load_reference_data_migration


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data_migration, migrations.RunPython.noop, elidable=False),
    ]
