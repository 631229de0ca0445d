"""Each existing expert gets a provider made from the company name and organisation number it
already has. Reversing leaves the experts' own ``company`` and ``orgnr`` as they are (they were
never removed) and unlinks the providers made here."""

from django.db import migrations
from django.utils import timezone


def link_providers(apps, schema_editor):
    Expert = apps.get_model("cases", "Expert")
    Provider = apps.get_model("experts", "Provider")
    for expert in Expert.objects.filter(provider__isnull=True).exclude(orgnr=""):
        provider, _ = Provider.objects.get_or_create(
            orgnr=expert.orgnr, defaults={"name": expert.company, "created_at": timezone.now()})
        expert.provider = provider
        expert.save(update_fields=["provider"])


def unlink_providers(apps, schema_editor):
    Expert = apps.get_model("cases", "Expert")
    Expert.objects.update(provider=None)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0050_expert_register"),
        ("experts", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_providers, unlink_providers)]
