"""A unit's profile: what it is, and what the 2025-07-01 reform made of it.

Leaders meet both systems at once (2020–2024 records name communes that no
longer exist), so a selected unit always says where it went or what it was
made of, in both directions.
"""
from functools import lru_cache

import streamlit as st

from dashboard.data import Dataset
from dashboard.viewer.panels import remember
from dashboard.words.i18n import Words
from dashboard.words.markup import plain
from geo.places import reform
from geo.places.registry import legacy_units


@lru_cache(maxsize=1)
def _legacy() -> dict:
    """Code -> the pre-2025 unit, nationally (partners and sources may lie outside the map)."""
    return {unit.code: unit for unit in legacy_units()}


@lru_cache(maxsize=1)
def _new_units() -> dict:
    """2025 code -> "Phường Nông Tiến", nationally (a split sends territory outside the map)."""
    xwalk = reform.crosswalk().drop_duplicates("new_code")
    return dict(zip(xwalk["new_code"], xwalk["new_type"] + " " + xwalk["new_name"]))


def _new_name(code: str) -> str:
    """ "Phường Nông Tiến (02212)"."""
    return f"{_new_units().get(code, '')} ({code})".strip()


def _legacy_name(code: str, mapped: frozenset = frozenset()) -> str:
    """ "Xã Đội Bình (02533)" for a unit on the map; units from elsewhere also name their
    district: "Xã Tràng Đà (02314, Thành phố Tuyên Quang)"."""
    unit = _legacy().get(code)
    if unit is None:
        return code
    return f"{unit.full_name} ({code})" if code in mapped else f"{unit.full_name} ({code}, {unit.district_full_name})"


def member_note(data: Dataset, words: Words) -> list[str]:
    """For 2025 units: the tooltip line naming the old communes each one absorbed (built once per
    unit set and language, not on every rerun: a province or the country has thousands)."""
    def notes() -> list[str]:
        names = dict(zip(data.registered.communes["code"], data.registered.communes["name"]))
        return [words("profile_members_short", names=", ".join(names.get(c, c) for c in members))
                for members in data.communes["members"]]
    return list(remember(data.communes, ("member_note", words.lang), notes))


def render(words: Words, data: Dataset, code: str | None) -> None:
    """The selected unit's profile (nothing when no unit is selected)."""
    if not code:
        return
    communes = data.communes  # its row by a remembered code → position, not a re-indexed copy of every shape
    where = remember(communes, "position_of_code", lambda: {c: i for i, c in enumerate(communes["code"])})
    row = communes.iloc[where[code]]
    lines = [words("profile_head", name=plain(f"{row['type']} {row['name']}".strip()), code=code)]
    if row["population"] == row["population"]:  # not NaN
        lines.append(words("profile_population", population=words.number(row["population"])))
    registered = data.registered.communes
    mapped = remember(registered, "codes", lambda: frozenset(registered["code"]))
    lines += (_new_unit_lines(code, row, mapped, words) if data.units == "2025"
              else _old_unit_lines(code, data, mapped, words))
    st.markdown(f"**{words('profile')}**\n\n" + "\n".join(f"- {line}" for line in lines))


def _old_unit_lines(code: str, data: Dataset, mapped: frozenset, words: Words) -> list[str]:
    """Where a 2020 commune went on 2025-07-01, and with whom."""
    row = data.xwalk.loc[data.xwalk["old_code"] == code]
    if row.empty:
        return [words("profile_no_successor")]
    new_code, new_name, new_type, split = row.iloc[0][["new_code", "new_name", "new_type", "split"]]
    lines = [words("profile_became", name=plain(f"{new_type} {new_name}"), code=new_code)]
    partners = sorted(reform.sources(new_code) - {code})
    if partners:
        lines.append(words("profile_partners", names=", ".join(plain(_legacy_name(c, mapped)) for c in partners)))
    others = [c for c in reform.successors(code) if c != new_code]
    if split and others:
        lines.append(words("profile_split", names=", ".join(plain(_new_name(c)) for c in others)))
    return lines


def _new_unit_lines(code: str, row, mapped: frozenset, words: Words) -> list[str]:
    """What a 2025 unit was made of: the mapped communes, and territory from outside the map."""
    members = ", ".join(plain(_legacy_name(c, mapped)) for c in row["members"])
    lines = [words("profile_absorbed", names=members)]
    outside = sorted(reform.sources(code) - set(row["members"]))
    if outside:
        lines.append(words("profile_outside", names=", ".join(plain(_legacy_name(c)) for c in outside)))
    for member in row["members"]:
        elsewhere = [c for c in reform.successors(member) if c != code]
        if elsewhere:
            lines.append(words("profile_member_split", name=plain(_legacy_name(member, mapped)),
                               names=", ".join(plain(_new_name(c)) for c in elsewhere)))
    if row["approximate"]:
        lines.append(words("profile_approximate"))
    return lines
