"""``python -m smote_core resample IN --target COL --out OUT``; see :mod:`smote_core.cli`."""

from .cli import main

raise SystemExit(main())
