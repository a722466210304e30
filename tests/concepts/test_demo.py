from concepts import demo as concepts_demo
from concepts.diff import version_diff
from concepts.models import Concept, Section, SectionRevision, Version
from concepts.selectors import version_sections
from concepts.stats import evidence_share
from portal import demo as portal_demo


def test_it_loads_the_demo_concepts_idempotently(db):
    ctx = portal_demo.load()
    concepts_demo.load(ctx)
    counts = (Concept.objects.count(), Section.objects.count(), Version.objects.count(),
              SectionRevision.objects.count())
    ctx2 = portal_demo.load()
    concepts_demo.load(ctx2)
    assert (Concept.objects.count(), Section.objects.count(), Version.objects.count(),
            SectionRevision.objects.count()) == counts
    ostrava = ctx2["concepts"]["ostrava"]
    assert [v.number for v in ctx2["concept_versions"]["ostrava"]] == [1, 2]
    assert [v.number for v in ctx2["concept_versions"]["kladno"]] == [1]
    linked, total = evidence_share(ostrava)
    assert total >= 18 and 0 < linked < total  # most linked, some not
    v1, v2 = ctx2["concept_versions"]["ostrava"]
    summary = version_diff(version_sections(v1), version_sections(v2)).summary
    assert summary["added"] and summary["removed"] and summary["moved"] and summary["text"]
    assert Section.objects.filter(concept=ostrava, kind="measure").exclude(status="not_started").count() >= 5
