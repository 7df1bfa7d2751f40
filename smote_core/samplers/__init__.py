"""The over-samplers, one per module, and the registry the app picks them from (:mod:`.registry`)."""

from .adasyn import ADASYN
from .borderline import BorderlineSMOTE
from .combine import SMOTEENN, SMOTETomek
from .geometric import GeometricSMOTE
from .ipf import SMOTEIPF
from .kmeans import KMeansSMOTE
from .lee import LeeSMOTE
from .nc import SMOTEN, SMOTENC
from .polynom_fit import PolynomFitSMOTE
from .prowsyn import ProWSyn
from .safe_level import SafeLevelSMOTE
from .smote import SMOTE
from .svm import SVMSMOTE

__all__ = ["ADASYN", "SMOTE", "SMOTEENN", "SMOTEN", "SMOTENC", "SVMSMOTE", "BorderlineSMOTE", "KMeansSMOTE",
           "SMOTETomek", "LeeSMOTE", "ProWSyn", "SafeLevelSMOTE", "SMOTEIPF",
           "PolynomFitSMOTE", "GeometricSMOTE"]
