"""A prepared boundary file as translated report lines, for the command line and the staff page alike."""
from __future__ import annotations

from typing import NamedTuple

from dashboard.words.i18n import number, t
from geo.boundaries.pipeline import Prepared
from geo.boundaries.sets import Matching
from geo.boundaries.coverage import CleanReport, SimplifyReport
from geo.intake.values import unit_names


class Line(NamedTuple):
    text: str
    problem: bool = False  # keeps the set from being saved (shown in red on the staff page)


def report_lines(prepared: Prepared, scope: str, lang: str) -> list[Line]:
    """Matching, cleaning and display-size lines, in that order."""
    lines = matching_lines(prepared.matching, scope, lang) + cleaning_lines(prepared.cleaning, prepared.matching, lang)
    if prepared.display is not None:
        lines.append(simplify_line(prepared.display, lang))
    return lines


def matching_lines(matching: Matching, scope: str, lang: str) -> list[Line]:
    """Every feature that is not plainly matched, with its reason and suggestions; then the summary."""
    lines = [Line(t(f"bset_match_by_{matching.by}", lang, column=matching.column, scope=scope))]
    for position, feature in enumerate(matching.features, 1):
        params = {"number": position, "value": feature.value, "scope": scope,
                  "suggestions": unit_names(feature.suggestions), "unit": feature.registry_name}
        if feature.status == "unmatched":
            lines.append(Line(t(f"bset_unmatched_{matching.by}", lang, **params), True))
        elif feature.status != "matched":
            lines.append(Line(t(f"bset_{feature.status}", lang, **params), True))
        elif feature.name_in_file is not None:
            lines.append(Line(t("bset_name_conflict", lang, number=position, code=feature.code,
                                unit=feature.registry_name, name=feature.name_in_file)))
    lines.append(Line(t("bset_match_summary", lang, features=len(matching.features), **matching.counts)))
    if matching.missing:
        lines.append(Line(t("bset_missing", lang, count=len(matching.missing), scope=scope,
                            units=unit_names(matching.missing))))
    else:
        lines.append(Line(t("bset_none_missing", lang, scope=scope)))
    return lines


def cleaning_lines(report: CleanReport, matching: Matching, lang: str) -> list[Line]:
    """What cleaning changed, in hectares; units that lost all their area are named."""
    lines = [Line(t("bset_clean", lang, crs=report.metric_crs, repaired=report.repaired,
                    overlap_ha=number(report.overlap_ha, lang, 1), gaps=report.gaps_filled,
                    gap_width=number(report.gap_width_m, lang), gaps_ha=number(report.gaps_filled_ha, lang, 1),
                    holes=report.holes_kept, change=number(report.max_area_change_pct, lang, 2))),
             Line(t("bset_clean_valid" if report.valid_after else "bset_clean_invalid", lang),
                  not report.valid_after)]
    if report.emptied:
        values = {str(f.row): f.value for f in matching.features}
        lines.append(Line(t("bset_emptied", lang, features=", ".join(values[row] for row in report.emptied)), True))
    return lines


def simplify_line(report: SimplifyReport, lang: str) -> Line:
    """How much lighter the map's version of the set is, and what that costs in accuracy."""
    return Line(t("bset_simplify", lang, tolerance=number(report.tolerance_m, lang),
                  vertices_before=number(report.vertices_before, lang),
                  vertices_after=number(report.vertices_after, lang),
                  kb_before=number(report.geojson_bytes_before / 1000, lang, 0),
                  kb_after=number(report.geojson_bytes_after / 1000, lang, 0),
                  displacement=number(report.max_displacement_m, lang, 0)))
