"""The one record per sampler: everything the app, the URL, the export snippet and the README know about it.

Adding a sampler means writing its module and adding one :class:`SamplerRecord` to :data:`SAMPLERS`; the picker,
the URL's allow-list, which controls show, where category samplers are offered, the export snippet and the shared
contract test (``tests/samplers/test_contract.py``) all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._validation import SmoteError
from .adasyn import ADASYN
from .borderline import BorderlineSMOTE
from .combine import SMOTEENN, SMOTETomek
from .geometric import GeometricSMOTE
from .ipf import SMOTEIPF
from .kmeans import KMeansSMOTE
from .lee import LeeSMOTE
from .nc import SMOTEN, SMOTENC
from .polynom_fit import TOPOLOGIES, PolynomFitSMOTE
from .prowsyn import ProWSyn
from .safe_level import SafeLevelSMOTE
from .smote import SMOTE
from .svm import SVMSMOTE

#: The largest k any view offers (the app's k slider and a link's ``k=``).
K_MAX = 30


@dataclass(frozen=True)
class Param:
    """A sampler's own parameter as the app shows it: a slider (a number from ``low`` to ``high``) or, with
    ``choices``, a picker of a few words; a URL field; a keyword of the sampler."""

    name: str  # the URL query parameter and view-state field, e.g. "m"
    argument: str  # the sampler's keyword, e.g. "m_neighbors"
    label: str  # the control's label
    help: str
    low: float = 0
    high: float = 0
    step: float | int = 1
    url_high: float | None = None  # a link may ask for more than the slider offers (None: ``high``)
    choices: tuple[str, ...] = ()  # a choice parameter's values (then low, high and step are not used)
    choice_labels: tuple[str, ...] = ()  # how the picker shows each choice (default: the value itself)
    applies_when: tuple[str, str] | None = None  # (another parameter's name, value): shown only when it has it

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def is_int(self) -> bool:
        return not self.choices and isinstance(self.step, int)

    def cast(self, value):
        """``value`` as this parameter's type: a choice's text, a whole number or a float."""
        return str(value) if self.is_choice else int(value) if self.is_int else float(value)

    def choice_label(self, value) -> str:
        """How the picker shows the choice ``value``.

        >>> TOPOLOGY.choice_label("star")
        'star: toward the class mean'
        """
        labels = dict(zip(self.choices, self.choice_labels))
        return labels.get(value, str(value))


M_NEIGHBORS = Param(
    "m", "m_neighbors", "m (neighbours that decide 'in danger')",
    "A minority sample is in danger when at least half, but not all, of its m nearest neighbours (any class) are of "
    "another class; only those become parents.", 1, 30, url_high=50,
)
OUT_STEP = Param(
    "out_step", "out_step", "out_step (extrapolation)",
    "Support vectors with few neighbours of another class extrapolate away from their neighbour by up to this "
    "fraction of the distance.", 0.0, 1.0, step=0.05,
)
# The new samplers' own parameters. Each Param needs a ViewState field of the same name
# (smote_core/views/view_state.py asserts one per Param).
REJECTION_LEVEL = Param(
    "rejection", "rejection_level", "rejection level",
    "A candidate is rejected when more than this fraction of its k nearest original rows are of another class "
    "(0.5: when most are).", 0.0, 0.95, step=0.05,
)
THETA = Param(
    "theta", "theta", "θ (how fast the level weights fall)",
    "Proximity level l weighs exp(−θ·(l − 1)): the larger θ, the more rows near the border; 0 weighs every level "
    "the same.", 0.0, 3.0, step=0.1, url_high=20.0,
)
N_LEVELS = Param(
    "levels", "n_levels", "L (proximity levels)",
    "How many proximity levels are peeled from the border with the other classes (the last holds the rest).",
    1, 10, url_high=30,
)
TRUNCATION = Param(
    "truncation", "truncation_factor", "truncation (−1 … 1)",
    "1 keeps the half of each sphere that faces its surface point, 0 the whole sphere, −1 the half facing away.",
    -1.0, 1.0, step=0.1,
)
DEFORMATION = Param(
    "deformation", "deformation_factor", "deformation (0 … 1)",
    "0 keeps each sphere round; toward 1 it is flattened onto the line through its centre and surface point.",
    0.0, 1.0, step=0.1,
)

TOPOLOGY = Param(
    "topology", "topology", "topology (how the minority samples are linked)",
    "star: each sample to its class's mean; bus: each sample to the next one in the data's row order; mesh: every "
    "pair of samples; polynomial: a curve fitted through the class, new points on it (no pair of rows).",
    choices=TOPOLOGIES,
    choice_labels=("star: toward the class mean", "bus: along the row chain", "mesh: between all pairs",
                   "polynomial: on a fitted curve"),
)
DEGREE = Param(
    "degree", "degree", "degree of the fitted curve",
    "Each feature is a polynomial of this degree in the position along the class: 1 a straight line, 2 a "
    "parabola. A class needs more samples than the degree.", 1, 5, url_high=10, applies_when=("topology", "polynomial"),
)


@dataclass(frozen=True)
class SamplerRecord:
    """One sampler of the app's picker."""

    key: str  # the URL value, e.g. "borderline1"
    title: str
    blurb: str  # one sentence: where this sampler puts new points
    cls: type
    k_argument: str | None = "k_neighbors"  # the keyword that takes the app's k; None: it takes no k
    fixed: dict = field(default_factory=dict)  # keywords this record always passes, e.g. kind="borderline-1"
    params: tuple[Param, ...] = ()  # its own parameters the app offers as controls
    categories: str | None = None  # "mixed" (numbers + categories) or "only" (categories only); None: numbers
    wraps_smote: bool = False  # SMOTE + a cleaning step: k goes to the inner SMOTE
    imblearn: str = ""  # imbalanced-learn's "module.Class" for this sampler
    identical: bool = True  # whether imbalanced-learn's output is bit-identical (else only smote_core reproduces it)
    notes: str = ""  # for the README's sampler table: what differs from imbalanced-learn, if anything
    reference: str = ""  # the paper, e.g. "Bunkhumpornpat et al., PAKDD 2009" (the README shows it when no imblearn)

    @property
    def takes_k(self) -> bool:
        """Whether the app's k means anything to this sampler (Polynomial-fit SMOTE searches no neighbours)."""
        return self.k_argument is not None or self.wraps_smote

    def build(self, k: int | None, *, sampling_strategy="auto", random_state=None, **params):
        """The sampler with the app's ``k``, strategy and seed plus this sampler's own ``params`` (by argument).

        A sampler that takes no k (``k_argument=None``) ignores ``k``."""
        common = {"sampling_strategy": sampling_strategy, "random_state": random_state}
        if self.wraps_smote:
            return self.cls(smote=SMOTE(k_neighbors=k, **common), **common, **self.fixed, **params)
        with_k = {self.k_argument: k} if self.k_argument is not None else {}
        return self.cls(**with_k, **common, **self.fixed, **params)

    def own_params(self, values) -> dict:
        """This sampler's keywords from a mapping (or object) holding each :class:`Param` under its ``name``."""
        get = values.get if isinstance(values, dict) else lambda n: getattr(values, n)
        return {p.argument: get(p.name) for p in self.params}


SAMPLERS: dict[str, SamplerRecord] = {
    r.key: r
    for r in (
        SamplerRecord(
            "smote", "SMOTE",
            "Interpolates between any minority sample and one of its k nearest minority neighbours.",
            SMOTE, imblearn="imblearn.over_sampling.SMOTE"),
        SamplerRecord(
            "borderline1", "Borderline-SMOTE 1",
            "Only minority samples in danger (most of their m = 10 neighbours of another class) become parents.",
            BorderlineSMOTE, fixed={"kind": "borderline-1"}, params=(M_NEIGHBORS,),
            imblearn="imblearn.over_sampling.BorderlineSMOTE"),
        SamplerRecord(
            "borderline2", "Borderline-SMOTE 2",
            "Like Borderline-SMOTE 1, but may also step up to half-way towards a neighbour of another class.",
            BorderlineSMOTE, fixed={"kind": "borderline-2"}, params=(M_NEIGHBORS,),
            imblearn="imblearn.over_sampling.BorderlineSMOTE"),
        SamplerRecord(
            "svm", "SVM-SMOTE",
            "Parents are an SVM's minority support vectors; where few neighbours are of another class it "
            "extrapolates outwards.",
            SVMSMOTE, params=(M_NEIGHBORS, OUT_STEP), imblearn="imblearn.over_sampling.SVMSMOTE", identical=False,
            notes="makes exactly the rows asked for (imbalanced-learn can fall short)"),
        SamplerRecord(
            "adasyn", "ADASYN",
            "Makes more points around minority samples whose neighbourhoods hold more of the other classes.",
            ADASYN, k_argument="n_neighbors", imblearn="imblearn.over_sampling.ADASYN"),
        SamplerRecord(
            "kmeans", "KMeans-SMOTE",
            "Clusters the data with k-means, then interpolates only inside clusters where the minority is common, "
            "more in sparse ones.",
            KMeansSMOTE, imblearn="imblearn.over_sampling.KMeansSMOTE", identical=False,
            notes="makes exactly the rows asked for (imbalanced-learn can make more)"),
        SamplerRecord(
            "smotenc", "SMOTE-NC (numbers + categories)",
            "Interpolates the numeric features like SMOTE; each category is the one most common among the k "
            "neighbours, so no fractional categories.",
            SMOTENC, categories="mixed", imblearn="imblearn.over_sampling.SMOTENC",
            notes="except when every numeric column is of an integer dtype: see SMOTENC's Notes"),
        SamplerRecord(
            "smoten", "SMOTE-N (categories only)",
            "Nothing to interpolate: each new row takes, feature by feature, the category most common among a "
            "sample and its k nearest neighbours (Value Difference Metric).",
            SMOTEN, categories="only", imblearn="imblearn.over_sampling.SMOTEN"),
        SamplerRecord(
            "smote_tomek", "SMOTE + Tomek links",
            "SMOTE, then removes both rows of every Tomek link (mutual nearest neighbours of different classes).",
            SMOTETomek, wraps_smote=True, imblearn="imblearn.combine.SMOTETomek"),
        SamplerRecord(
            "smote_enn", "SMOTE + ENN",
            "SMOTE, then removes every row whose 3 nearest neighbours are not all of its class.",
            SMOTEENN, wraps_smote=True, imblearn="imblearn.combine.SMOTEENN"),
        SamplerRecord(
            "safe_level", "Safe-Level-SMOTE",
            "Like SMOTE, but each feature's step is drawn from a range shifted toward the safer of the two points "
            "(the one with more of its class among its k neighbours).",
            SafeLevelSMOTE, identical=False, reference="Bunkhumpornpat et al., PAKDD 2009",
            notes="one gap per feature, so a new point lies in the box spanned by its parent and neighbour, not on "
                  "their segment; safe levels in `safe_levels_`"),
        SamplerRecord(
            "lee", "Lee's SMOTE with rejection",
            "SMOTE candidates are rejected, and drawn again, when most of their k nearest original rows are of "
            "another class.",
            LeeSMOTE, params=(REJECTION_LEVEL,), identical=False, reference="Lee et al., IMCOM 2015",
            notes="the rejected candidates are in `rejected_`"),
        SamplerRecord(
            "prowsyn", "ProWSyn",
            "Peels proximity levels from the border with the other classes and makes more points in the nearer "
            "levels, between two samples of the same level.",
            ProWSyn, k_argument="n_neighbors", params=(N_LEVELS, THETA), identical=False,
            reference="Barua et al., PAKDD 2013",
            notes="each sample's proximity level is in `levels_`"),
        SamplerRecord(
            "smote_ipf", "SMOTE + IPF",
            "SMOTE, then an iterative-partitioning filter removes every row, of any class, that most of the trees "
            "fitted on random parts of the data misclassify.",
            SMOTEIPF, wraps_smote=True, identical=False, reference="Sáez et al., Information Sciences 291, 2015",
            notes="the rows removed are in `removed_`, each filter iteration in `ipf_.iterations_`"),
        SamplerRecord(
            "geometric", "Geometric SMOTE",
            "Draws each point anywhere inside a sphere around a minority sample, reaching to its nearer of a "
            "minority neighbour and the nearest other-class sample, cut in half toward it.",
            GeometricSMOTE, params=(TRUNCATION, DEFORMATION), identical=False,
            reference="Douzas & Bacao, Information Sciences 501, 2019",
            notes="each point's region (centre, surface point, radius) is in `provenance_`"),
        SamplerRecord(
            "polynom_fit", "Polynomial-fit SMOTE",
            "Puts new points on fixed links of the minority: to its mean (star), along its rows (bus), "
            "between all pairs (mesh), or on a curve fitted through it (polynomial). No neighbours, so no k.",
            PolynomFitSMOTE, k_argument=None, params=(TOPOLOGY, DEGREE), identical=False,
            reference="Gazzah & Amara, DAS 2008",
            notes="takes no k; the `kind` column of `provenance_` says how each row was made: `pair` (bus, "
                  "mesh), `to_mean` (star: no neighbour row, the class mean in `centers_`) or `curve` (polynomial: "
                  "no parent, the curve in `curves_`)"),
    )
}

#: Every :class:`Param` some sampler offers, by name (a view state holds one value for each).
PARAMS: dict[str, Param] = {p.name: p for r in SAMPLERS.values() for p in r.params}


def get_record(key: str) -> SamplerRecord:
    """The record of sampler ``key``, or a :class:`SmoteError` naming the ones there are."""
    if key not in SAMPLERS:
        raise SmoteError(f"there is no sampler {key!r}; choose one of {', '.join(SAMPLERS)}.")
    return SAMPLERS[key]


def make_sampler(key: str, *, k: int, sampling_strategy="auto", random_state=None, **params):
    """Build sampler ``key`` with the app's k, strategy and seed plus its own ``params`` (by argument name)."""
    return get_record(key).build(k, sampling_strategy=sampling_strategy, random_state=random_state, **params)


__all__ = ["K_MAX", "PARAMS", "SAMPLERS", "Param", "SamplerRecord", "get_record",
           "make_sampler"]


def markdown_table() -> str:
    """The README's sampler table, made from :data:`SAMPLERS` (``tests/test_readme.py`` keeps the README in step)."""
    rows = ["| `variant=` | sampler | class | its own controls | data | imbalanced-learn |",
            "| --- | --- | --- | --- | --- | --- |"]
    data = {None: "numbers", "mixed": "numbers + categories", "only": "categories only"}
    for r in SAMPLERS.values():
        own = ", ".join(f"`{p.name}` → `{p.argument}`" + (f" ({' / '.join(p.choices)})" if p.choices else "")
                        for p in r.params) or "—"
        fixed = ", ".join(f"{k}={v!r}" for k, v in r.fixed.items())
        cls = f"`{r.cls.__name__}`" + (f" ({fixed})" if fixed else "") + (" wrapping `SMOTE`" if r.wraps_smote else "")
        if r.imblearn:
            ref = f"`{r.imblearn}`, " + (("bit-identical" + (f" {r.notes}" if r.notes else "")) if r.identical
                                         else f"differs: {r.notes}")
        else:
            ref = f"none ({r.reference})" + (f": {r.notes}" if r.notes else "")
        rows.append(f"| `{r.key}` | {r.title} | {cls} | {own} | {data[r.categories]} | {ref} |")
    return "\n".join(rows)
