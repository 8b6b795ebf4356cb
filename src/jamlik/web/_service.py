"""What the pages and the API read: the views, cached per data version and language.

:class:`Service` holds the engine and a cache; ``service.snapshot()`` reads the
data version once and returns a :class:`Snapshot` through which one request
reads everything, so a request never mixes two versions of the data.
"""

from __future__ import annotations

import time

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.store import Area, AreaVersion, current_measures

from . import _data, _geometry
from ._choices import choose, suggestions
from ._compare import gap_measures
from ._errors import ApiError
from ._i18n import gettext as _
from ._i18n import DEFAULT, language
from ._view_indicator import indicator_view
from ._view_pages import area_profile, headline

__all__ = ["Service", "Snapshot"]


class Service:
    #: seconds a read data version is trusted; a change shows within this time
    VERSION_TTL = 1.0

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.cache = _data.Cache(512)
        self._version: tuple[float, tuple] | None = None

    def version(self) -> tuple:
        """The data version, read from the store at most once per VERSION_TTL."""
        now = time.monotonic()
        found = self._version
        if found is None or now - found[0] > self.VERSION_TTL:
            version = _data.data_version(self.engine)
            if found is not None and version[0] != found[1][0]:
                # views of older statistics are never read again: without this an import
                # leaves the old views beside the new ones until 512 entries push them out
                self.cache.clear()
            found = self._version = (now, version)
        return found[1]

    def snapshot(self) -> Snapshot:
        return Snapshot(self, self.version())


class Snapshot:
    def __init__(self, service: Service, version: tuple) -> None:
        self.service = service
        self.engine = service.engine
        self.version = version

    def _cached(self, name: str, args: tuple, compute):
        """A statistics value: cached until an import, rollback or measure run."""
        return self.service.cache.get((name, args, self.version[0]), compute)

    def _cached_all(self, name: str, args: tuple, compute):
        """A value that also depends on the programme and follow-up."""
        return self.service.cache.get((name, args, self.version), compute)

    # -- frames -------------------------------------------------------------------
    def indicators(self) -> pd.DataFrame:
        return self._cached("indicators", (), lambda: _data.indicators(self.engine))

    def lookups(self) -> tuple:
        """The area, period and subgroup tables every indicator's frame joins to."""
        return self._cached("lookups", (), lambda: _data.lookups(self.engine))

    def frame(self, code: str) -> pd.DataFrame:
        """One indicator's observations as they may be shown (small-number rule applied),
        with the rule's reasons in the request's language."""
        shown = self._cached("frame", (code,), lambda: _data.indicator_frame(
            self.engine, code, tables=self.lookups()))
        return self._translated(shown, ("frame", code))

    def _translated(self, shown: pd.DataFrame, key: tuple) -> pd.DataFrame:
        if language() == DEFAULT:
            return shown
        return self._cached("translated", (*key, language()),
                            lambda: _data.translated_reasons(shown))

    def local_frames(self, setting: str, *, sub_areas: bool) -> dict[str, pd.DataFrame]:
        """Every indicator's totals (no breakdown) of :meth:`frame` for ``setting`` itself
        (and, with ``sub_areas``, its sub-areas): whole frames at hand are filtered, the
        rest are read together in one query of only those rows.

        The overview and the area page show one city's totals of every indicator; after
        a data change they read those rows instead of every indicator's whole frame.
        """
        def compute():
            codes = list(self.indicators()["code"])
            areas, _periods, groups = self.lookups()
            here = (areas["area"] == setting) | ((areas["parent"] == setting) & sub_areas)
            found, missing = {}, []
            for code in codes:
                cached, whole = self.service.cache.peek(("frame", (code,), self.version[0]))
                if not cached:
                    missing.append(code)
                    continue
                keep = whole["area"].eq(setting)
                if sub_areas:
                    keep |= whole["parent"].eq(setting)
                found[code] = whole[keep & whole["dimension"].eq("total")].reset_index(
                    drop=True)
            if missing:
                found.update(_data.indicator_frames(
                    self.engine, missing, tables=self.lookups(),
                    area_ids=[int(i) for i in areas.loc[here, "area_id"]],
                    subgroup_ids=[int(i) for i in groups.loc[groups["dimension"] == "total",
                                                             "subgroup_id"]]))
            return found

        shown = self._cached("local_frames", (setting, sub_areas), compute)
        return {code: self._translated(frame, ("local_frame", code, setting, sub_areas))
                for code, frame in shown.items()}

    def measures(self, code: str) -> pd.DataFrame:
        def compute():
            meta = self.indicators()
            ids = [int(i) for i in meta.loc[meta["code"] == code, "id"]]
            # the indicator's id narrows the search for the newest run per key too
            return current_measures(self.engine, indicators=[code], indicator_ids=ids)

        return self._cached("measures", (code,), compute)

    def gaps_between_areas(self, setting: str) -> dict[str, pd.DataFrame]:
        """Every indicator's newest measures of the gap between ``setting``'s areas (SII,
        RII, range; every dimension's rows of those measures), read in one query: what
        the overview's cards show of :meth:`measures`."""
        def compute():
            meta = self.indicators()
            areas = self.lookups()[0]
            ids = [int(i) for i in areas.loc[areas["area"] == setting, "area_id"]]
            found = current_measures(self.engine, indicator_ids=[int(i) for i in meta["id"]],
                                     area_ids=ids or [-1],
                                     measures=[*gap_measures(False, "omrade"), "range"])
            return {code: found[found["indicator"] == code].reset_index(drop=True)
                    for code in meta["code"]}

        return self._cached("gaps_between_areas", (setting,), compute)

    def settings(self) -> pd.DataFrame:
        return self._cached("settings", (), lambda: _data.settings(self.engine))

    def default_setting(self) -> str | None:
        return self._cached("default_setting", (),
                            lambda: _data.default_setting(self.engine, self.settings()))

    def setting(self, wanted: str | None) -> str | None:
        """The municipality asked for, the default when none is asked for; one that has
        no areas with values is a 404 saying which ones have (never a silent default)."""
        options = self.settings()
        chosen = choose(wanted, dict(zip(options["code"], options["name"])),
                        _("Kommunen %(value)s finns inte bland kommunerna med områden."),
                        parameter="municipality")
        return chosen if chosen is not None else self.default_setting()

    def city_name(self, setting: str | None) -> str:
        options = self.settings()
        match = options[options["code"] == setting]
        return str(match["name"].iloc[0]) if len(match) else (setting or "")

    def shapes(self, setting: str | None) -> dict[str, _geometry.AreaShapes]:
        """The shapes of a setting's sub-areas per area version (see :mod:`._geometry`)."""
        if not setting:
            return {}
        return self._cached("shapes", (setting,), lambda: _geometry.shapes_of(
            _data.sub_areas(self.engine, setting)))

    def geometry(self, setting: str) -> dict:
        """The shapes of a setting's sub-areas by area code (every area version)."""
        return {code: shape for found in self.shapes(setting).values()
                for code, shape in found.geometry.items()}

    def indicator_meta(self, code: str) -> pd.Series:
        meta = self.indicators()
        match = meta[meta["code"] == code]
        if match.empty:
            from ._i18n import pick

            names = {str(row.code): pick(row.name, getattr(row, "name_en", None))
                     for row in meta.itertuples()}
            raise ApiError(404, _("Indikatorn %(code)s finns inte.") % {"code": code}
                           + " " + suggestions(code, names))
        return match.iloc[0]

    # -- views ----------------------------------------------------------------------
    def overview(self, setting: str | None) -> dict:
        setting = self.setting(setting)

        def compute():
            # the programme's own indicators first (by name), then the rest (by name)
            meta = self.indicators()
            followed = meta["code"].isin(_data.followed_indicators(self.engine))
            meta = pd.concat([meta[followed], meta[~followed]], ignore_index=True)
            frames = self.local_frames(setting, sub_areas=False)
            measures = self.gaps_between_areas(setting)
            data = headline(meta, frames, measures, setting, self.city_name(setting))
            return {**data, "setting": setting, "city": self.city_name(setting)}

        return self._cached("overview", (setting, language()), compute)

    def indicator(self, code: str, *, setting: str | None, period: str | None,
                  dimension: str | None, whole_map: bool = False) -> dict:
        meta = self.indicator_meta(code)
        setting = self.setting(setting)

        def compute():
            view = indicator_view(self.engine, meta, self.frame(code), self.measures(code),
                                  self.settings(), setting, period=period, dimension=dimension,
                                  shapes=self.shapes(setting),
                                  whole_map=whole_map)
            return {**view, "city": self.city_name(setting)}

        return self._cached("indicator", (code, setting, period, dimension, language(),
                                          whole_map), compute)

    def area(self, version: str, code: str) -> dict:
        def compute():
            row = _data.area_row(self.engine, version, code)
            if row is None:
                return None
            meta = self.indicators()
            frames = (self.local_frames(row.parent, sub_areas=True) if row.parent
                      else {c: self.frame(c) for c in meta["code"]})
            return {"area": row._asdict(), **area_profile(row, meta, frames)}

        found = self._cached("area", (version, code, language()), compute)
        if found is None:
            with self.engine.connect() as conn:
                known = dict(conn.execute(select(Area.code, Area.name).join(AreaVersion)
                                          .where(AreaVersion.code == version)).all())
            versions = [] if known else self.area_versions()
            hint = (suggestions(code, known) if known else
                    _("Områdesindelningen %(version)s finns inte.") % {"version": version}
                    + " " + suggestions(version, {v: v for v in versions}))
            raise ApiError(404, _("Området %(version)s/%(code)s finns inte.") % {
                "version": version, "code": code} + " " + hint)
        return found

    def area_versions(self) -> list[str]:
        """The codes of every stored area version."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(AreaVersion.code).order_by(AreaVersion.code))
                        .scalars())

    def areas(self, setting: str | None) -> dict:
        setting = self.setting(setting)

        def compute():
            rows = []
            if setting is not None:
                areas = _data.sub_areas(self.engine, setting)
                rows = [{"name": {"text": r.name, "href": f"/omraden/{r.version}/{r.code}"},
                         "code": r.code, "version": r.version}
                        for r in areas.sort_values("name").itertuples()]
            city = None
            with self.engine.connect() as conn:
                found = conn.execute(select(Area.code, Area.name, AreaVersion.code.label("v"))
                                     .join(AreaVersion).where(Area.code == setting)).first()
                if found is not None:
                    city = {"code": found.code, "name": found.name, "version": found.v}
            return {"setting": setting, "city": city, "rows": rows}

        return self._cached("areas", (setting, language()), compute)

    def attribution(self, setting: str | None) -> str | None:
        """The source line of the sub-areas' boundaries (e.g. "Källa: SCB, RegSO 2025")."""
        def compute():
            areas = _data.sub_areas(self.engine, setting) if setting else pd.DataFrame()
            if areas.empty:
                return None
            with self.engine.connect() as conn:
                return conn.execute(select(AreaVersion.attribution).where(
                    AreaVersion.code == str(areas["version"].iloc[0]))).scalar()

        return self._cached("attribution", (setting,), compute)
