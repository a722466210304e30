"""Demo data of analytics (run by ``load_demo``, idempotent): the agency's side."""

from .agency import demo as agency_demo


def load(ctx: dict, stdout=None) -> None:
    agency_demo.load(ctx, stdout=stdout)
