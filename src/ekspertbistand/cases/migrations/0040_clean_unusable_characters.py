"""Replace NUL and lone surrogates stored in the answers before they were cleaned on the way in.

SQLite accepted them in JSON (as escapes); a draft holding one could not be shown (a surrogate cannot be written
as UTF-8), so its owner could not repair it. Each such character becomes U+FFFD, which the
step's form shows with an error until the user removes it. Everything else is kept; there is
nothing to undo, so the reverse step does nothing.
"""

import re

from django.db import migrations

UNUSABLE = re.compile("[\x00\ud800-\udfff]")


def clean(value):
    if isinstance(value, str):
        return UNUSABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def clean_cases(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.only("pk", "answers").iterator(chunk_size=500):
        answers = clean(case.answers)
        if answers != case.answers:
            Case.objects.filter(pk=case.pk).update(answers=answers)


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_flow_address_void_consent")]

    operations = [migrations.RunPython(clean_cases, migrations.RunPython.noop, elidable=True)]
