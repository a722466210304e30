"""The table layouts the importer recognises, as column specifications.

A layout names the territory pair, the period column, the value columns (stored as measures, one
row per value) and which further columns are kept as dimensions. Column names are compared in
lower case, without surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Layout


@dataclass
class Spec:
    layout: str
    period: list[str]  # candidates, the first present is used
    values: list[str]
    territory_code: list[str] = field(default_factory=list)
    territory_name: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)  # other required columns
    ignore: list[str] = field(default_factory=list)  # columns neither stored nor compared (row ids)

    def resolve(self, columns: list[str]) -> tuple[dict[str, str | None], list[str]]:
        """{role: column} for this file's columns, and the names of required columns missing."""
        present = set(columns)
        missing = []

        def pick(role: str, candidates: list[str], required: bool) -> str | None:
            found = next((c for c in candidates if c in present), None)
            if found is None and required and candidates:
                missing.append(" / ".join(candidates))
            return found

        roles = {
            "territory_code": pick("territory_code", self.territory_code, bool(self.territory_code)),
            "territory_name": pick("territory_name", self.territory_name, False),
            "period": pick("period", self.period, True),
        }
        for name in self.values + self.required:
            if name not in present:
                missing.append(name)
        return roles, missing


CZSO = Spec(
    layout=Layout.CZSO,
    values=["hodnota"],
    territory_code=["uzemi_kod", "vuzemi_kod"],
    territory_name=["uzemi_txt", "vuzemi_txt"],
    period=["casref_do", "obdobi", "rok"],
    ignore=["idhod"],  # the office's id of each value: unique per row, so it would hide duplicates
)
HOUSING_STOCK = Spec(
    layout=Layout.HOUSING_STOCK,
    values=["byty", "prazdne", "dluh_kc"],
    territory_code=["obvod_kod"],
    territory_name=["obvod"],
    period=["rok"],
    required=["stav"],
)
ETHOS = Spec(
    layout=Layout.ETHOS,
    values=["osoby"],
    territory_code=[],
    territory_name=["obvod"],
    period=["rok"],
    required=["kategorie"],
)


def declared(*, period: str, values: list[str], territory_code: str = "", territory_name: str = "") -> Spec:
    """A layout from columns named on upload."""
    clean = lambda name: name.strip().lower()  # noqa: E731
    return Spec(
        layout=Layout.DECLARED,
        values=[clean(v) for v in values if v.strip()],
        territory_code=[clean(territory_code)] if territory_code.strip() else [],
        territory_name=[clean(territory_name)] if territory_name.strip() else [],
        period=[clean(period)],
    )


def spec_for(layout: str, options: dict) -> Spec:
    if layout == Layout.CZSO:
        return CZSO
    if layout == Layout.HOUSING_STOCK:
        return HOUSING_STOCK
    if layout == Layout.ETHOS:
        return ETHOS
    if layout == Layout.DECLARED:
        return declared(
            period=options.get("period_column", ""),
            values=options.get("value_columns", "").split(","),
            territory_code=options.get("territory_code_column", ""),
            territory_name=options.get("territory_name_column", ""),
        )
    raise ValueError(_("Unknown layout: %(layout)s") % {"layout": layout})
