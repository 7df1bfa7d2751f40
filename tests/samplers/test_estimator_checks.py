"""scikit-learn's and imbalanced-learn's estimator checks, over every sampler of the registry.

Each sampler is built from its record (``twins.build``: the sampler's default k, ``random_state=0``; SMOTE-NC with
``categorical_features=[0]``, as imbalanced-learn's own suite builds it). A check is marked expected-to-fail only
when imbalanced-learn's own class, built with the same parameters, fails it too:
``test_each_expected_failure_is_imbalanced_learns_too`` runs it on both (so the list cannot go stale).
"""

from __future__ import annotations

import pytest
from imblearn.utils import estimator_checks as imblearn_checks
from sklearn.utils import estimator_checks as sklearn_checks
from twins import KEYS, build, twin

#: ``{(class name, check name): reason}``; each verified against imbalanced-learn's class.
EXPECTED_FAILURES = {
    ("SMOTENC", "check_samplers_string"): (
        "the check's X is one column of strings, so with categorical_features=[0] every feature is categorical and "
        "SMOTE-NC has nothing to interpolate; imbalanced-learn's SMOTENC refuses it as well (SMOTEN is the sampler "
        "for all-categorical data, and passes the check)"
    ),
}


def expected_failed_checks(estimator) -> dict:
    return {check: why for (cls, check), why in EXPECTED_FAILURES.items() if type(estimator).__name__ == cls}


@sklearn_checks.parametrize_with_checks([build(key) for key in KEYS], expected_failed_checks=expected_failed_checks,
                                        xfail_strict=True)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def listed(mark):
    """imbalanced-learn's ``parametrize_with_checks`` hands pytest a generator, which pytest deprecates: the same
    cases and ids, as a list."""
    return pytest.mark.parametrize(*mark.args[:1], list(mark.args[1]), **mark.kwargs)


@listed(imblearn_checks.parametrize_with_checks([build(key) for key in KEYS],
                                                expected_failed_checks=expected_failed_checks))
def test_imbalanced_learn_sampler_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("cls_name, check_name", sorted(EXPECTED_FAILURES))
def test_each_expected_failure_is_imbalanced_learns_too(cls_name, check_name):
    ours = next(s for s in (build(key) for key in KEYS) if type(s).__name__ == cls_name)
    check = getattr(imblearn_checks, check_name, None) or getattr(sklearn_checks, check_name)
    with pytest.raises(Exception):  # noqa: B017 - any failure of the check counts
        check(cls_name, twin(ours))
    with pytest.raises(Exception):  # noqa: B017 - and ours still fails it: else the mark must go
        check(cls_name, ours)


@pytest.mark.parametrize("check", [sklearn_checks.check_param_validation, imblearn_checks.check_param_validation],
                         ids=["scikit-learn", "imbalanced-learn"])
@pytest.mark.parametrize("key", KEYS)
def test_every_parameter_is_declared_and_checked(key, check):
    """``_parameter_constraints`` names every parameter, and a value of the wrong type or range raises scikit-learn's
    standard sentence (the libraries' own test suites run this check; their generators do not)."""
    sampler = build(key, k=3)
    check(type(sampler).__name__, sampler)
