"""Draft progress kept on save, and indexes for the lists of cases (decision 0017)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0040_clean_unusable_characters'),
        ('reference', '0002_load_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='resume_step',
            field=models.CharField(blank=True, max_length=30, verbose_name='første uferdige steg'),
        ),
        migrations.AddField(
            model_name='case',
            name='steps_done',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='ferdige steg'),
        ),
        # Drafts already there keep NULL (their progress is worked out when listed); new
        # drafts start at 0.
        migrations.AlterField(
            model_name='case',
            name='steps_done',
            field=models.PositiveSmallIntegerField(blank=True, default=0, null=True, verbose_name='ferdige steg'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['organisation', 'updated_at', 'id'], name='case_org_updated'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['organisation', 'status', 'updated_at', 'id'], name='case_org_status_updated'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['employee_national_id', 'submitted_at', 'id'], name='case_employee_submitted'),
        ),
    ]
