from django.db import migrations, models


def copy_forward(apps, schema_editor):
    Section = apps.get_model("concepts", "Section")
    for section in Section.objects.exclude(funding_source="").only("pk", "funding_source"):
        Section.objects.filter(pk=section.pk).update(funding_sources=[section.funding_source])


def copy_back(apps, schema_editor):
    Section = apps.get_model("concepts", "Section")
    for section in Section.objects.only("pk", "funding_sources"):
        if section.funding_sources:
            Section.objects.filter(pk=section.pk).update(funding_source=section.funding_sources[0])


class Migration(migrations.Migration):
    """A measure may have several funding sources: the single choice becomes a list of codes."""

    dependencies = [
        ("concepts", "0004_frozen_versions_immutable"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="funding_sources",
            field=models.JSONField(
                blank=True, default=list, help_text="Codes of FundingSource; a measure may have several.",
                verbose_name="funding sources",
            ),
        ),
        migrations.RunPython(copy_forward, copy_back),
        migrations.RemoveField(model_name="section", name="funding_source"),
    ]
