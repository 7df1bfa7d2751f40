"""The over-samplers, one per module, and the registry the app picks them from (:mod:`.registry`)."""

from .adasyn import ADASYN
from .borderline import BorderlineSMOTE
from .combine import SMOTEENN, SMOTETomek
from .kmeans import KMeansSMOTE
from .nc import SMOTEN, SMOTENC
from .smote import SMOTE
from .svm import SVMSMOTE

__all__ = ["ADASYN", "SMOTE", "SMOTEENN", "SMOTEN", "SMOTENC", "SVMSMOTE", "BorderlineSMOTE", "KMeansSMOTE",
           "SMOTETomek"]
