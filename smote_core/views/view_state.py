"""The app's whole view state, and its round trip through URL query parameters.

One table, :data:`FIELDS`, says for every field its name (the URL query parameter and the :class:`ViewState`
attribute), how a URL value is read and checked, how it is written back, when it travels in a link, which widget
shows it and whether a lesson link may hide that control — as tensorflow/playground's ``state.ts`` does with its
``PROPS``. :func:`from_query` and :meth:`ViewState.to_query` are generated from it.

Every value read from a URL is checked against an allow-list or a range; a bad one falls back to the default and
produces a warning sentence for the page, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .._validation import SmoteError
from ..analysis.boundary import BOUNDARIES
from ..data.drawn import check_name, is_drawn
from ..data.store import token_of
from ..samplers.registry import K_MAX, PARAMS, SAMPLERS

PROJECTIONS = ("pca", "tsne", "umap", "raw", "pca3d", "umap3d", "raw3d")
#: The picture's units: "z" draws standardised features (each column z-scored), "raw" the columns' own units.
SCALES = ("z", "raw")
VARIANT_KEYS = tuple(SAMPLERS)
SEED_MAX = 2**31 - 1
SEGMENT_CHOICES = (100, 500, 1000, 2000, 5000, 20000)
#: Sizes a toy dataset can be generated at (points before the minority is thinned; 600 is the default).
TOY_SIZES = (300, 600, 2000, 10000, 20000, 50000, 100000)
#: Compare shows two to four samplers side by side.
COMPARE_MAX = 4


@dataclass(frozen=True)
class ViewState:
    """What the app shows. Every field is a URL query parameter of the same name (see :data:`FIELDS`)."""

    dataset: str = "moons"
    variant: str = "smote"
    k: int = 5
    ratio: float = 1.0
    seed: int = 0
    projection: str = "pca"
    fx: str | None = None
    fy: str | None = None
    fz: str | None = None  # the third raw feature (projection raw3d)
    standardize: bool = False  # neighbour search and every diagnostic on z-scored features
    scale: str = "z"  # the picture's units (see SCALES); the raw-feature projection always shows raw units
    segments: int = 1000
    m: int = 10  # Borderline- and SVM-SMOTE: neighbours that decide whether a sample is in danger
    out_step: float = 0.5  # SVM-SMOTE: how far safe support vectors extrapolate
    rejection: float = 0.5  # Lee's SMOTE: the share of other-class neighbours above which a candidate is rejected
    levels: int = 5  # ProWSyn: proximity levels peeled from the border
    theta: float = 1.0  # ProWSyn: how fast the level weights fall
    truncation: float = 1.0  # Geometric SMOTE: which part of the sphere is kept (1: the half facing its surface point)
    deformation: float = 0.0  # Geometric SMOTE: how flat the sphere is pressed onto its axis
    topology: str = "star"  # Polynomial-fit SMOTE: how the minority samples are linked (star, bus, mesh, polynomial)
    degree: int = 2  # Polynomial-fit SMOTE, topology polynomial: the fitted curve's degree
    hide: tuple = ()  # controls a teacher hid from students
    n: int | None = None  # toys only: points generated (one of TOY_SIZES; None: the default 600)
    variants: tuple = ()  # Compare: the samplers side by side
    leaky: bool = False  # Tune k: also show the leaky way
    sample: int | None = None  # Learn: which synthetic sample (checked against the data by the page)
    step: int | None = None  # Learn: which step of the explanation
    types: bool = False  # Explore: minority typology marked
    point: int | None = None  # Explore: the synthetic point explained (checked against the data by the page)
    lesson: str | None = None  # a ready-made lesson's name: its task is shown on whatever page the link opens
    boundary: str = "none"  # Explore: a classifier whose decision boundary is drawn before and after (BOUNDARIES)
    animate: bool = False  # Explore: the synthetic points' births played as an animation under the figure
    dims: bool = False  # Learn: the "SMOTE in high dimensions" charts shown under the step-by-step picture

    def to_query(self) -> dict[str, str]:
        """Query parameters for this state: every field that travels (see :attr:`Field.travels`)."""
        return {f.name: f.write(getattr(self, f.name)) for f in FIELDS if f.travels(self)}

    def replace(self, **changes) -> ViewState:
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)

    def sampler_params(self) -> dict:
        """The chosen sampler's own parameters (beyond k, the ratio and the seed), by the sampler's keywords."""
        return SAMPLERS[self.variant].own_params(self) if self.variant in SAMPLERS else {}


class _Bad(ValueError):
    """A URL value that cannot be used; ``str(exc)`` says why, ``shown`` is the value as the warning quotes it."""

    def __init__(self, why: str, shown=None):
        super().__init__(why)
        self.shown = shown


# ---------------------------------------------------------------------------------------------- readers
# Each reader takes the raw text (and the context: the dataset names on offer) and returns the value, or raises
# _Bad saying why not. A reader may also add notes (values it dropped but still accepting the rest).

def _choice(options: Callable[[dict], tuple] | tuple, why: Callable[[tuple], str] | None = None, lower=True):
    def read(raw, ctx, notes):
        allowed = options(ctx) if callable(options) else options
        value = raw.lower() if lower else raw
        if value not in allowed:
            raise _Bad(why(allowed) if why else "use one of " + ", ".join(map(str, allowed)))
        return value
    return read


def _whole(low: int, high: int, why: str):
    def read(raw, ctx, notes):
        value = _to_int(raw)
        if value is None or not low <= value <= high:
            raise _Bad(why)
        return value
    return read


def _one_of_ints(allowed: tuple, why: str):
    def read(raw, ctx, notes):
        value = _to_int(raw)
        if value not in allowed:
            raise _Bad(why)
        return value
    return read


def _number(low: float, high: float, why: str, open_low: bool = False):
    def read(raw, ctx, notes):
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not ((low < value) if open_low else (low <= value)) or not value <= high:
            raise _Bad(why)
        return value
    return read


def _flag(raw, ctx, notes):
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise _Bad("use 1 or 0")


def _column_name(raw, ctx, notes):
    if len(raw) > 200:
        raise _Bad("too long for a column name", shown=raw[:20] + "…")
    return raw  # checked against the data's columns by the page


def _names(allowed: Callable[[dict], tuple], what: str, limit: int | None = None, sort: bool = False):
    """A comma-separated list, as given (``variants``) or in the allow-list's order (``sort``: ``hide``)."""
    def read(raw, ctx, notes):
        options = allowed(ctx)
        asked = [h.strip().lower() for h in str(raw).split(",") if h.strip()]
        unknown = [h for h in asked if h not in options]
        if unknown:
            notes.append(f"Ignored {what}={', '.join(unknown)!r} in the link ({what} can name: "
                         f"{', '.join(options)}).")
        kept = [h for h in (options if sort else dict.fromkeys(asked)) if h in options and h in asked]
        return tuple(kept[:limit] if limit else kept)
    return read


def _dataset(raw, ctx, notes):
    """A built-in's name, ``upload:<token>`` (the page checks the store: the view state never lists tokens), or a
    drawing, ``drawn:<code>`` (the link carries the points: its code is checked here)."""
    if raw in ctx["datasets"] or token_of(raw):
        return raw
    if is_drawn(raw):
        try:
            check_name(raw)
        except SmoteError as exc:
            raise _Bad(str(exc).rstrip("."), shown=raw[:20] + "…" if len(raw) > 20 else raw) from None
        return raw
    raise _Bad("unknown dataset")


def _slug(raw, ctx, notes):
    if not (0 < len(raw) <= 40 and raw.replace("-", "").replace("_", "").isalnum() and raw.isascii()):
        raise _Bad("a lesson's name is made of letters, digits, - and _")
    return raw.lower()


def _to_int(raw) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _write_number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Field:
    """One URL query parameter of the view state."""

    name: str
    read: Callable  # read(raw_text, context, notes) -> value, or raise _Bad
    write: Callable[[Any], str] = _write_number
    widget: str | None = None  # the Explore widget's session-state key that shows this field
    hideable: bool = False  # a lesson link may fix this control and hide it
    label: str = ""  # the control's name as the page shows it (the share box lists hideable controls by it)
    when: Callable[[ViewState], bool] | None = None  # it travels in a link only when this holds (and it is set)
    always: bool = True  # False: it travels only when it differs from the default

    def travels(self, view: ViewState) -> bool:
        value = getattr(view, self.name)
        if value is None or value == () or (not self.always and value == getattr(_DEFAULT, self.name)):
            return False
        return self.when is None or self.when(view)


def _uses(param: str) -> Callable[[ViewState], bool]:
    """Whether a view's sampler takes ``param`` (and, for one that applies only with another parameter's value,
    such as Polynomial-fit SMOTE's degree with ``topology=polynomial``, whether the view has that value)."""
    def uses(view: ViewState) -> bool:
        if view.variant not in SAMPLERS or not any(p.name == param for p in SAMPLERS[view.variant].params):
            return False
        other = PARAMS[param].applies_when
        return other is None or getattr(view, other[0]) == other[1]
    return uses


def _param_field(name: str) -> Field:
    """A sampler's own parameter (the registry's :class:`Param`), travelling with the samplers that take it: a
    number within its range, or one of its ``choices``."""
    p = PARAMS[name]
    if p.is_choice:
        return Field(name, _choice(p.choices, lambda allowed: f"{name} must be one of {', '.join(allowed)}"), str,
                     widget=f"w_{name}", when=_uses(name))
    high = p.url_high if p.url_high is not None else p.high
    kind = "a whole number" if p.is_int else "a number"
    why = f"{name} must be {kind} from {p.low:g} to {high:g}"
    read = _whole(int(p.low), int(high), why) if p.is_int else _number(p.low, high, why)
    return Field(name, read, widget=f"w_{name}", when=_uses(name))


FIELDS: tuple[Field, ...] = (
    Field("dataset", _dataset, str, widget="w_dataset", hideable=True, label="Dataset"),
    Field("variant", _choice(lambda ctx: tuple(ctx["variants"])), str, widget="w_variant", hideable=True,
          label="Sampler"),
    Field("k", _whole(1, K_MAX, f"k must be a whole number from 1 to {K_MAX}"), widget="w_k", hideable=True,
          label="k (nearest neighbours)"),
    Field("ratio", _number(0, 1, "the ratio must be a number above 0 and at most 1", open_low=True),
          widget="w_ratio", hideable=True, label="Sampling ratio"),
    Field("seed", _whole(0, SEED_MAX, "the seed must be a whole number ≥ 0"), widget="w_seed", hideable=True,
          label="Random seed"),
    Field("projection", _choice(PROJECTIONS), str, widget="w_projection", hideable=True, label="Projection"),
    Field("fx", _column_name, str, widget="w_fx", when=lambda v: v.projection in ("raw", "raw3d")),
    Field("fy", _column_name, str, widget="w_fy", when=lambda v: v.projection in ("raw", "raw3d")),
    Field("fz", _column_name, str, widget="w_fz", when=lambda v: v.projection == "raw3d"),
    Field("standardize", _flag, lambda v: "1" if v else "0", widget="w_standardize", hideable=True,
          label="Standardise features for the neighbour search and diagnostics"),
    Field("scale", _choice(SCALES, lambda _: "use z (standardised) or raw"), str, widget="w_scale",
          hideable=True, always=False, label="Picture's units"),
    Field("boundary", _choice(BOUNDARIES), str, widget="w_boundary", hideable=True, always=False,
          label="Decision boundary"),
    Field("animate", _flag, lambda v: "1" if v else "0", widget="w_animate", hideable=True, always=False,
          label="Animate the births"),
    Field("segments", _one_of_ints((0, *SEGMENT_CHOICES), "use one of " + ", ".join(map(str, (0, *SEGMENT_CHOICES)))),
          widget="w_segments", hideable=True, label="Segments to draw"),
    *(_param_field(name) for name in PARAMS),
    Field("n", _one_of_ints(TOY_SIZES, "a toy's size must be one of " + ", ".join(map(str, TOY_SIZES))),
          widget="w_n"),
    Field("variants", _names(lambda ctx: tuple(ctx["variants"]), "variants", COMPARE_MAX), ",".join),
    Field("leaky", _flag, lambda v: "1" if v else "0", always=False),
    Field("dims", _flag, lambda v: "1" if v else "0", always=False),
    Field("sample", _whole(0, 10**9, "use a whole number ≥ 0")),
    Field("step", _whole(1, 99, "use a whole number ≥ 1")),
    Field("types", _flag, lambda v: "1" if v else "0", widget="w_types", always=False),
    Field("point", _whole(0, 10**9, "use a whole number ≥ 0")),
    Field("lesson", _slug, str),
)
_DEFAULT = ViewState()
#: The controls a lesson link may hide, in the order the share box lists them.
HIDEABLE = tuple(f.name for f in FIELDS if f.hideable)
#: The hideable controls' names as the page shows them.
HIDE_LABELS = {f.name: f.label for f in FIELDS if f.hideable}
#: Explore's widget keys -> the fields they show.
WIDGETS = {f.widget: f.name for f in FIELDS if f.widget}
FIELDS = (*FIELDS, Field("hide", _names(lambda ctx: HIDEABLE, "hide", sort=True), ",".join))

assert {f.name for f in FIELDS} == {f.name for f in fields(ViewState)}, "every ViewState field needs a Field"


def _first(value):
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def from_query(params: Mapping, datasets, default: ViewState | None = None,
               variants=VARIANT_KEYS) -> tuple[ViewState, list[str]]:
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
    context = {"datasets": tuple(datasets), "variants": tuple(variants)}
    values = default.as_dict()
    warnings: list[str] = []
    for f in FIELDS:
        raw = _first(params.get(f.name))
        if raw is None:
            continue
        try:
            values[f.name] = f.read(str(raw), context, warnings)
        except _Bad as bad:
            shown = raw if bad.shown is None else bad.shown
            warnings.append(f"Ignored {f.name}={shown!r} in the link ({bad}); using {getattr(default, f.name)!r}.")
    return ViewState(**values), warnings
