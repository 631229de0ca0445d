from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0010_nav_unit_two_step_decisions'),
    ]

    operations = [
        migrations.AddField(
            model_name='navunit',
            name='refund_report_first',
            field=models.BooleanField(default=True, help_text='Arbeidsgiveren kan sende krav om refusjon først når NAV har fått rapporten fra eksperten.', verbose_name='rapport før refusjon'),
        ),
    ]
