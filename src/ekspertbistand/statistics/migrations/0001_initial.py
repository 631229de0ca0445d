from django.db import migrations, models


def create_group(apps, schema_editor):
    """The group «Statistikk» with the statistics right, for the admin to give NAV staff."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="statistics",
                                                        model="statisticsright")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_statistics",
        defaults={"name": "Kan se statistikk og styringsinformasjon"})
    group, _ = Group.objects.get_or_create(name="Statistikk")
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Statistikk").delete()


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsRight",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                               verbose_name="ID"))],
            options={"managed": False, "default_permissions": (),
                     "permissions": [("view_statistics", "Kan se statistikk og styringsinformasjon")],
                     "verbose_name": "statistikktilgang",
                     "verbose_name_plural": "statistikktilganger"},
        ),
        migrations.RunPython(create_group, remove_group),
    ]
