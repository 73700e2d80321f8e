"""Progress arithmetic of key results and objectives, without a database."""

from __future__ import annotations

import pytest

from gaggle.models.objectives import KeyResult, key_result_progress, objective_progress


@pytest.mark.parametrize(
    ("kind", "start", "target", "current", "expected"),
    [
        (3, 0, 10, 5, 50),
        (3, 0, 3, 1, 33.33),
        (3, 0, 10, -5, 0),
        (3, 0, 10, 50, 100),
        (2, 1000, 3000, 1500, 25),
        (1, 0, 100, 99.999, 100),
        (3, 100, 0, 25, 75),
        (3, 100, 0, 150, 0),
        (3, 100, 0, -1, 100),
        (7, 0, 1, 0, 0),
        (7, 0, 1, 1, 100),
        (7, 1, 0, 0, 100),
        (3, 7, 7, 7, 100),
        (3, 7, 7, 8, 0),
    ],
)
def test_key_result_progress(kind, start, target, current, expected):
    assert key_result_progress(kind, start, target, current) == expected


def _kr(current: float, weight: float) -> KeyResult:
    return KeyResult(
        measurement_type=3,
        starting_value=0.0,
        target_value=100.0,
        current_value=current,
        weight=weight,
    )


def test_objective_progress_is_the_weighted_mean():
    assert objective_progress([_kr(100, 1), _kr(0, 1)]) == 50
    assert objective_progress([_kr(100, 3), _kr(0, 1)]) == 75
    assert objective_progress([_kr(10, 0.5), _kr(40, 1.5)]) == 32.5


def test_an_objective_without_key_results_has_no_progress():
    assert objective_progress([]) == 0
