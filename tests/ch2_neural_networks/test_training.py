import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression

from snippets.ch2_neural_networks import training as tr


@pytest.fixture(scope="module")
def data():
    return tr.make_toy_data()


def test_best_possible_loss_matches_sklearn(data):
    x, y = data
    model = LinearRegression().fit(x.reshape(-1, 1), y)
    sk_loss = float(np.mean((model.predict(x.reshape(-1, 1)) - y) ** 2))
    assert tr.best_possible_loss(x, y) == pytest.approx(sk_loss, rel=1e-10)


def test_training_reaches_the_least_squares_loss(data):
    x, y = data
    losses, per_epoch = tr.train(x, y, learning_rate=0.5, epochs=200, batch_size=x.size)
    assert per_epoch == 1
    assert losses[-1] == pytest.approx(tr.best_possible_loss(x, y), rel=1e-9)


def test_stability_threshold_separates_convergence_from_divergence(data):
    x, y = data
    limit = tr.largest_stable_learning_rate(x)
    below, _ = tr.train(x, y, 0.95 * limit, epochs=300, batch_size=x.size)
    above, _ = tr.train(x, y, 1.05 * limit, epochs=300, batch_size=x.size)
    assert tr.verdict(below, tr.best_possible_loss(x, y)) == "converged"
    assert tr.verdict(above, tr.best_possible_loss(x, y)) == "diverged"


def test_learning_rate_experiment_verdicts(data):
    x, y = data
    best = tr.best_possible_loss(x, y)
    limit = tr.largest_stable_learning_rate(x)
    runs = tr.learning_rate_experiment(x, y)
    for lr, losses in runs.items():
        assert len(losses) == 31
        if lr > limit:
            assert tr.verdict(losses, best) == "diverged"
        else:
            assert losses[-1] < losses[0]
    assert tr.verdict(runs[min(runs)], best) == "still learning"


def test_updates_per_epoch_round_up(data):
    x, y = data
    for batch_size in (1, 16, 64, 200):
        losses, per_epoch = tr.train(x, y, 0.01, epochs=2, batch_size=batch_size)
        assert per_epoch == -(-x.size // batch_size)
        assert len(losses) == 1 + 2 * per_epoch


def test_same_seed_same_run(data):
    x, y = data
    assert tr.train(x, y, 0.05, 3, 16, seed=4) == tr.train(x, y, 0.05, 3, 16, seed=4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "learning_rate must be positive"),
        ({"epochs": 0}, "epochs must be a whole number"),
        ({"batch_size": 0}, "batch_size must be a whole number from 1 to 200"),
        ({"batch_size": 201}, "batch_size must be a whole number from 1 to 200"),
    ],
)
def test_bad_settings_raise_a_clear_error(data, kwargs, message):
    x, y = data
    settings = {"learning_rate": 0.1, "epochs": 1, "batch_size": 10} | kwargs
    with pytest.raises(ValueError, match=message):
        tr.train(x, y, **settings)


def test_mismatched_data_raises_a_clear_error():
    with pytest.raises(ValueError, match="same length"):
        tr.train([1.0, 2.0], [1.0], 0.1, 1, 1)
    with pytest.raises(ValueError, match="non-empty"):
        tr.train([], [], 0.1, 1, 1)


# Property-based tests: bad settings raise an error that names the argument;
# good settings give a run whose losses make sense.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
SMALL = tr.make_toy_data(n=20, seed=1)


@FAST
@given(
    learning_rate=st.one_of(
        st.floats(max_value=0.0), st.sampled_from([np.nan, np.inf, "0.1", None, [0.1]])
    )
)
def test_learning_rate_must_be_a_positive_finite_number(learning_rate):
    with pytest.raises((ValueError, TypeError), match="learning_rate must"):
        tr.train(*SMALL, learning_rate, epochs=1, batch_size=5)


@FAST
@given(
    argument=st.sampled_from(["epochs", "batch_size", "seed"]),
    value=st.one_of(st.integers(-5, 0), st.floats(), st.text(max_size=2), st.just(True)),
)
def test_counts_must_be_whole_numbers_in_range(argument, value):
    assume(not (argument == "seed" and value == 0))
    kwargs = {"learning_rate": 0.1, "epochs": 1, "batch_size": 5} | {argument: value}
    with pytest.raises((ValueError, TypeError), match=f"{argument} must be a whole number"):
        tr.train(*SMALL, **kwargs)


@FAST
@given(batch_size=st.integers(21, 10_000))
def test_batch_size_cannot_exceed_the_data(batch_size):
    with pytest.raises(ValueError, match="batch_size must be a whole number from 1 to 20"):
        tr.train(*SMALL, 0.1, 1, batch_size)


@FAST
@given(
    which=st.sampled_from(["x", "y"]),
    bad=st.sampled_from([np.nan, np.inf, "1.0", None, 1j, [1.0, 2.0]]),
)
def test_data_must_be_finite_numbers(which, bad):
    data = {"x": list(SMALL[0]), "y": list(SMALL[1])}
    data[which][3] = bad
    for call in (
        lambda: tr.train(data["x"], data["y"], 0.1, 1, 5),
        lambda: tr.best_possible_loss(data["x"], data["y"]),
        lambda: tr.mse(1.0, 0.0, data["x"], data["y"]),
    ):
        with pytest.raises((ValueError, TypeError), match=f"{which} must"):
            call()


@FAST
@given(n=st.one_of(st.integers(max_value=1), st.floats(), st.text(max_size=2)))
def test_toy_data_needs_at_least_two_points(n):
    with pytest.raises((ValueError, TypeError), match="n must be a whole number"):
        tr.make_toy_data(n)


@FAST
@given(
    learning_rate=st.floats(1e-4, 1e300),
    epochs=st.sampled_from([1, 3, np.int64(2)]),
    batch_size=st.sampled_from([1, 7, 20, np.int32(5)]),
)
def test_a_run_is_finite_or_stops_at_infinity(learning_rate, epochs, batch_size):
    losses, per_epoch = tr.train(*SMALL, learning_rate, epochs, batch_size)
    assert per_epoch == -(-20 // int(batch_size))
    assert not np.isnan(losses).any()
    assert all(loss >= 0 for loss in losses)
    if np.isfinite(losses[-1]):
        assert len(losses) == 1 + epochs * per_epoch
    else:  # blew up: the run stops at the first infinite loss
        assert np.isfinite(losses[:-1]).all()
    best = tr.best_possible_loss(*SMALL)
    assert tr.verdict(losses, best) in {"diverged", "converged", "still learning"}
    assert min(losses) >= best * (1 - 1e-9)  # no line beats least squares


@FAST
@given(bad=st.sampled_from([[], [np.nan], [1.0, np.nan], "1", [[1.0, 2.0]]]))
def test_verdict_needs_a_list_of_losses(bad):
    with pytest.raises(ValueError, match="losses must be a non-empty list"):
        tr.verdict(bad, 0.1)
