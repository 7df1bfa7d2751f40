"""Suite-wide settings: no per-example time limit for hypothesis (a loaded CI machine is slow, not wrong); uploads
the tests make go to a temporary store, never to the user's ~/.cache (the browser tests' server inherits it)."""

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

os.environ["SMOTE_UPLOAD_DIR"] = _UPLOADS = tempfile.mkdtemp(prefix="smote-test-uploads-")
atexit.register(shutil.rmtree, _UPLOADS, True)

settings.register_profile("smote", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("smote")


def pytest_make_parametrize_id(config, val, argname):
    """Test ids without memory addresses (a function's or Generator's repr differs between xdist workers)."""
    if callable(val) and hasattr(val, "__name__"):
        return val.__name__
    text = repr(val)
    if " at 0x" in text:
        return text.split(" at 0x")[0].strip("<>")
    return None
