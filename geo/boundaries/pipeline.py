"""A boundary file, once read and placed, to a set ready to save: match, clean, measure.

The command line (`python -m dashboard boundaries`) and the staff page
("Ranh giới") take the same steps: `geo.boundaries.file.read_boundary_file`,
`to_wgs84` (with the CRS the user picked, if the file has none), `prepare`
here, and `geo.boundaries.sets.BoundarySets.save` only when `Prepared.accepted`.
So a file accepted in one is accepted in the other; each only shows the
result its own way.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from geo.boundaries.sets import Matching, match
from geo.boundaries.coverage import CleanReport, SimplifyReport, clean, simplify
from geo.places.registry import CommuneRegistry


@dataclass(frozen=True)
class Prepared:
    """A file's features matched to units, cleaned into a coverage, and measured for display.

    communes: the matched features as code, name, type, population, geometry
    (cleaned, full resolution, EPSG:4326): what a saved version holds.
    display: what simplifying for the map saves (None when the set cannot be
    simplified as a whole: nothing matched, or cleaning failed).
    """
    columns: dict
    matching: Matching
    cleaning: CleanReport
    communes: gpd.GeoDataFrame
    display: SimplifyReport | None

    @property
    def blocking(self) -> int:
        """Features that keep the set from being saved: not certainly matched, or left without area."""
        return sum(f.status != "matched" for f in self.matching.features) + len(self.cleaning.emptied)

    @property
    def accepted(self) -> bool:
        """Whether the set may be saved: every feature matched and kept, the coverage valid, display measured."""
        return not self.blocking and self.cleaning.valid_after and self.display is not None

    def report(self, crs: str | None, notes) -> dict:
        """JSON-ready summary for the version's manifest."""
        return {"columns": self.columns, "crs": crs, "notes": [key for key, _ in notes],
                "matching": self.matching.summary(), "cleaning": self.cleaning.as_dict(),
                "simplify": self.display.as_dict() if self.display else None}


def prepare(gdf: gpd.GeoDataFrame, columns: dict, registry: CommuneRegistry) -> Prepared:
    """Match (by code, else by name), clean and measure a file already in WGS 84.

    `columns` has keys code, name, population (each a column name or None).
    """
    matching = match(gdf, columns["code"], columns["name"], registry=registry)
    cleaned, cleaning = clean(gdf)
    communes = matching.communes(cleaned, columns["population"])
    communes = communes[~communes.is_empty].reset_index(drop=True)
    display = simplify(communes)[1] if len(communes) and cleaning.valid_after else None
    return Prepared(columns, matching, cleaning, communes, display)
