"""The concept measures' output indicators (``concepts.OutputIndicator``: a name, a unit, a target
and what was achieved) become indicators of the analytics framework: an indicator tied to the
measure, its plan in the measure's municipality with a baseline of 0 at the measure's start and
the target at its end, and the achieved figure as an approved value of this year."""

from datetime import date

from django.db import migrations


def move(apps, schema_editor):
    OutputIndicator = apps.get_model("concepts", "OutputIndicator")
    Indicator = apps.get_model("analytics", "Indicator")
    Plan = apps.get_model("analytics", "MunicipalityIndicator")
    Target = apps.get_model("analytics", "IndicatorTarget")
    Value = apps.get_model("analytics", "IndicatorValue")
    today = date.today()
    used: set[tuple[int, str]] = set(Indicator.objects.values_list("municipality_id", "code"))
    for old in OutputIndicator.objects.select_related("section__concept").order_by("pk"):
        section = old.section
        municipality_id = section.concept.municipality_id
        base, n = f"M{section.number or section.pk}", 1
        while (municipality_id, f"{base}-{n}") in used:
            n += 1
        code = f"{base}-{n}"
        used.add((municipality_id, code))
        indicator = Indicator.objects.create(
            code=code, name=old.name, unit=old.unit, municipality_id=municipality_id, section=section,
            source="entered", periodicity="year", direction="up", level="municipality",
        )
        plan = Plan.objects.create(municipality_id=municipality_id, indicator=indicator)
        starts = section.starts_on or today
        ends = section.ends_on or date(starts.year + 2, 12, 31)
        Target.objects.create(plan=plan, kind="baseline", owner="municipality", value=0, on=starts)
        Target.objects.create(plan=plan, kind="target", owner="municipality", value=old.target, on=ends)
        if old.achieved is not None:
            Value.objects.create(
                plan=plan, period_start=date(today.year, 1, 1), value=old.achieved, source="entered",
                state="approved", note="Převzato z výstupního indikátoru opatření.",
            )


def back(apps, schema_editor):
    OutputIndicator = apps.get_model("concepts", "OutputIndicator")
    Indicator = apps.get_model("analytics", "Indicator")
    for indicator in Indicator.objects.filter(section__isnull=False).order_by("pk"):
        plan = indicator.plans.first()
        target = plan.targets.filter(kind="target", owner="municipality").first() if plan else None
        achieved = (
            plan.values.filter(state__in=["approved", "locked"], value__isnull=False).order_by("-period_start").first()
            if plan else None
        )
        OutputIndicator.objects.create(
            section=indicator.section, name=indicator.name, unit=indicator.unit,
            target=target.value if target else 0, achieved=achieved.value if achieved else None,
        )
        indicator.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_datasets_and_indicators"),
        ("concepts", "0004_frozen_versions_immutable"),
    ]

    operations = [migrations.RunPython(move, back)]
