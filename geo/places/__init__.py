"""Places: the communes records are joined to, whatever way people write them, before and after 2025.

    from geo.places.registry import CommuneRegistry
    registry = CommuneRegistry.legacy("Tuyên Quang", "Yên Sơn")
    registry.resolve("xã Đội Bình").code                        # "02533"; ambiguous or unknown names: None

Modules: `names` (the loose and strict keys a written name is compared by),
`registry` (the legacy unit list of `vietnamadminunits`: name or code -> GSO
code, never guessed), `legacyfonts` (text typed in the old TCVN3 and VNI
fonts, repaired), `reform` (the 2025-07-01 crosswalk: new units, their
polygons, what a unit became or absorbed), `labels` (the names pickers offer, a
repeated name told apart by its district or province).
Pure Python: no Streamlit.
"""
