import numpy as np
import pytest
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
