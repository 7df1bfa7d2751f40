"""Every Examples section in smote_core's docstrings runs and shows what it claims."""

import doctest
import importlib
import pkgutil

import pytest

import smote_core

MODULES = sorted(m.name for m in pkgutil.walk_packages(smote_core.__path__, "smote_core.")
                 if m.name != "smote_core.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
