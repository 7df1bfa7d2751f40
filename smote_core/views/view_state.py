"""The Explore view's whole state, and its round trip through URL query parameters.

Every value read from a URL is checked against an allow-list or a range; a bad one falls back to the default and
produces a warning sentence for the page, never an exception.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Mapping

from ..samplers.registry import K_MAX, SAMPLERS

VARIANT_KEYS = tuple(SAMPLERS)
#: The samplers that take m (Borderline- and SVM-SMOTE).
USES_M = tuple(k for k, r in SAMPLERS.items() if any(p.name == "m" for p in r.params))

PROJECTIONS = ("pca", "tsne", "umap", "raw")
SEED_MAX = 2**31 - 1
SEGMENT_CHOICES = (100, 500, 1000, 2000, 5000, 20000)
#: Sizes a toy dataset can be generated at (points before the minority is thinned; 600 is the default).
TOY_SIZES = (300, 600, 2000, 10000, 20000, 50000, 100000)
HIDEABLE = ("dataset", "variant", "k", "ratio", "seed", "projection", "standardize", "segments")


@dataclass(frozen=True)
class ViewState:
    """What the Explore page shows. Every field is a URL query parameter of the same name."""

    dataset: str = "moons"
    variant: str = "smote"
    k: int = 5
    ratio: float = 1.0
    seed: int = 0
    projection: str = "pca"
    fx: str | None = None
    fy: str | None = None
    standardize: bool = False
    segments: int = 1000
    m: int = 10  # Borderline- and SVM-SMOTE: neighbours that decide whether a sample is in danger
    out_step: float = 0.5  # SVM-SMOTE: how far safe support vectors extrapolate
    hide: tuple = ()  # controls a teacher hid from students
    n: int | None = None  # toys only: points generated (one of TOY_SIZES; None: the default 600)

    def to_query(self) -> dict[str, str]:
        """Query parameters for this state; raw-feature names only when the projection is ``raw``."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name in ("fx", "fy") and self.projection != "raw"):
                continue
            if (f.name == "m" and self.variant not in USES_M) or (f.name == "out_step" and self.variant != "svm"):
                continue
            if f.name == "hide":
                if not value:
                    continue
                value = ",".join(value)
            elif isinstance(value, bool):
                value = "1" if value else "0"
            elif isinstance(value, float):
                value = f"{value:g}"
            out[f.name] = str(value)
        return out

    def replace(self, **changes) -> "ViewState":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)

    def sampler_params(self) -> dict:
        """The chosen variant's own parameters (beyond k, the ratio and the seed)."""
        if self.variant == "svm":
            return {"m_neighbors": self.m, "out_step": self.out_step}
        if self.variant in USES_M:
            return {"m_neighbors": self.m}
        return {}


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def from_query(
    params: Mapping, datasets, default: ViewState | None = None, variants=VARIANT_KEYS
) -> tuple[ViewState, list[str]]:
    """Read a ``ViewState`` from query parameters.

    Parameters
    ----------
    params : mapping of str to str (or list of str)
        E.g. ``st.query_params`` or ``{"dataset": "moons", "k": "3"}``.
    datasets : collection of str
        Dataset names that may be asked for.
    default : ViewState, optional
    variants : collection of str
        Sampler names that may be asked for.

    Returns
    -------
    state : ViewState
    warnings : list of str
        One sentence per value that was ignored, saying what was used instead.
    """
    default = default or ViewState()
    values = default.as_dict()
    warnings: list[str] = []

    def bad(name, raw, why):
        warnings.append(f"Ignored {name}={raw!r} in the link ({why}); using {getattr(default, name)!r}.")

    raw = _first(params.get("dataset"))
    if raw is not None:
        if raw in datasets:
            values["dataset"] = raw
        else:
            bad("dataset", raw, "unknown dataset")

    raw = _first(params.get("variant"))
    if raw is not None:
        if raw.lower() in variants:
            values["variant"] = raw.lower()
        else:
            bad("variant", raw, "use one of " + ", ".join(variants))

    raw = _first(params.get("k"))
    if raw is not None:
        k = _to_int(raw)
        if k is None or not 1 <= k <= K_MAX:
            bad("k", raw, f"k must be a whole number from 1 to {K_MAX}")
        else:
            values["k"] = k

    raw = _first(params.get("ratio"))
    if raw is not None:
        try:
            r = float(raw)
        except ValueError:
            r = math.nan
        if not (0 < r <= 1):
            bad("ratio", raw, "the ratio must be a number above 0 and at most 1")
        else:
            values["ratio"] = r

    raw = _first(params.get("seed"))
    if raw is not None:
        s = _to_int(raw)
        if s is None or not 0 <= s <= SEED_MAX:
            bad("seed", raw, "the seed must be a whole number ≥ 0")
        else:
            values["seed"] = s

    raw = _first(params.get("projection"))
    if raw is not None:
        if raw.lower() in PROJECTIONS:
            values["projection"] = raw.lower()
        else:
            bad("projection", raw, "use one of " + ", ".join(PROJECTIONS))

    for name in ("fx", "fy"):
        raw = _first(params.get(name))
        if raw is not None:
            if len(raw) <= 200:
                values[name] = raw  # checked against the data's columns by the page
            else:
                bad(name, raw[:20] + "…", "too long for a column name")

    raw = _first(params.get("standardize"))
    if raw is not None:
        if raw.lower() in ("1", "true", "yes", "on"):
            values["standardize"] = True
        elif raw.lower() in ("0", "false", "no", "off"):
            values["standardize"] = False
        else:
            bad("standardize", raw, "use 1 or 0")

    raw = _first(params.get("segments"))
    if raw is not None:
        n = _to_int(raw)
        if n not in (0, *SEGMENT_CHOICES):
            bad("segments", raw, "use one of " + ", ".join(map(str, (0, *SEGMENT_CHOICES))))
        else:
            values["segments"] = n

    raw = _first(params.get("m"))
    if raw is not None:
        m = _to_int(raw)
        if m is None or not 1 <= m <= 50:
            bad("m", raw, "m must be a whole number from 1 to 50")
        else:
            values["m"] = m

    raw = _first(params.get("out_step"))
    if raw is not None:
        try:
            step = float(raw)
        except ValueError:
            step = math.nan
        if not (0 <= step <= 1):
            bad("out_step", raw, "out_step must be a number from 0 to 1")
        else:
            values["out_step"] = step

    raw = _first(params.get("n"))
    if raw is not None:
        n = _to_int(raw)
        if n not in TOY_SIZES:
            bad("n", raw, "a toy's size must be one of " + ", ".join(map(str, TOY_SIZES)))
        else:
            values["n"] = n

    raw = _first(params.get("hide"))
    if raw is not None:
        asked = [h.strip().lower() for h in str(raw).split(",") if h.strip()]
        unknown = [h for h in asked if h not in HIDEABLE]
        if unknown:
            warnings.append(f"Ignored hide={', '.join(unknown)!r} in the link (controls that can be hidden: "
                            f"{', '.join(HIDEABLE)}).")
        values["hide"] = tuple(h for h in HIDEABLE if h in asked)

    return ViewState(**values), warnings


def _to_int(raw) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None
