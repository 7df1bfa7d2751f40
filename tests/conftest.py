"""Suite-wide settings: no per-example time limit for hypothesis (a loaded CI machine is slow, not wrong)."""

from hypothesis import HealthCheck, settings

settings.register_profile("smote", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("smote")
