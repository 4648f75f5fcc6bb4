"""Unit tests of snippets/ch2_mnist/mnist_mlp.py: the MNIST loader and the NumPy network."""

from __future__ import annotations

import gzip
import itertools
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.special import softmax as scipy_softmax
from sklearn.metrics import log_loss

from snippets.ch2_mnist import mnist_mlp
from snippets.ch2_mnist.mnist_mlp import (
    MNIST_FILES,
    MNISTFileError,
    backward,
    check_images,
    count_params,
    cross_entropy,
    evaluate,
    find_mnist_dir,
    forward,
    init_params,
    load_mnist,
    matmul_flops_per_image,
    read_mnist_file,
    sgd_update,
    softmax,
    split_off_validation,
    train,
    zeros_like_params,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "mnist"


# ---------------------------------------------------------------- the loader


def _independent_parse(path: Path) -> np.ndarray:
    """IDX parsed with the standard library only, to check the NumPy loader against."""
    with gzip.open(path) as file:
        raw = file.read()
    magic = struct.unpack(">I", raw[:4])[0]
    n_dims = magic & 0xFF
    shape = struct.unpack(f">{n_dims}I", raw[4 : 4 + 4 * n_dims])
    return np.array(list(raw[4 + 4 * n_dims :]), dtype=np.uint8).reshape(shape)


def test_checksums_match_the_shipped_sha256sums_file():
    listed = dict(reversed(line.split()) for line in (DATA / "SHA256SUMS").read_text().splitlines())
    assert dict(MNIST_FILES.values()) == listed


def test_labels_and_test_images_agree_with_an_independent_parser():
    for key in ("train_labels", "test_labels", "test_images"):
        expected = _independent_parse(DATA / MNIST_FILES[key][0])
        np.testing.assert_array_equal(read_mnist_file(DATA, key), expected)


def test_load_mnist_gives_float32_rows_in_unit_range():
    X_train, y_train, X_test, y_test = load_mnist(DATA)
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert X_train.dtype == np.float32 and X_train.flags.c_contiguous
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    raw = read_mnist_file(DATA, "test_images")
    np.testing.assert_allclose(X_test[7], raw[7].reshape(-1) / 255.0, rtol=1e-6)
    assert set(np.unique(y_train)) == set(range(10)) and y_test.shape == (10000,)


def _copy_data(tmp_path: Path) -> Path:
    folder = tmp_path / "mnist"
    folder.mkdir()
    for name, _ in MNIST_FILES.values():
        shutil.copy(DATA / name, folder / name)
    return folder


def test_mnist_dir_overrides_the_default_folder(tmp_path, monkeypatch):
    folder = _copy_data(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no data/mnist here or above: only MNIST_DIR can work
    monkeypatch.setenv("MNIST_DIR", str(folder))
    assert find_mnist_dir() == folder
    assert load_mnist()[3].shape == (10000,)
    (folder / MNIST_FILES["test_labels"][0]).unlink()
    with pytest.raises(MNISTFileError, match=r"t10k-labels-idx1-ubyte\.gz is missing"):
        load_mnist()


def test_default_folder_is_found_from_a_subfolder(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.chdir(DATA.parents[1] / "docs")
    assert find_mnist_dir().resolve() == DATA.resolve()


def test_no_data_folder_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MNISTFileError, match=r"no data/mnist folder.*set MNIST_DIR"):
        find_mnist_dir()


@pytest.fixture
def labels_file(tmp_path):
    """A writable copy of the small test-labels file, and its pristine bytes."""
    name = MNIST_FILES["test_labels"][0]
    path = tmp_path / name
    shutil.copy(DATA / name, path)
    return path, path.read_bytes()


def test_missing_file(tmp_path):
    with pytest.raises(MNISTFileError, match=r"t10k-images-idx3-ubyte\.gz is missing.*MNIST_DIR"):
        read_mnist_file(tmp_path, "test_images")


def test_truncated_gzip(labels_file):
    path, raw = labels_file
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(MNISTFileError, match=r"t10k-labels-idx1-ubyte\.gz is truncated.*MNIST_DIR"):
        read_mnist_file(path.parent, "test_labels")


def test_truncated_data_inside_a_valid_gzip(labels_file):
    path, raw = labels_file
    path.write_bytes(gzip.compress(gzip.decompress(raw)[:-100]))
    with pytest.raises(MNISTFileError, match=r"labels-idx1-ubyte\.gz holds 9908 bytes.*truncated"):
        read_mnist_file(path.parent, "test_labels")


def test_corrupt_file(labels_file):
    path, _ = labels_file
    path.write_bytes(b"this is not a gzip file at all" * 10)
    with pytest.raises(MNISTFileError, match=r"t10k-labels-idx1-ubyte\.gz is corrupt.*MNIST_DIR"):
        read_mnist_file(path.parent, "test_labels")


def test_wrong_magic_number(tmp_path):
    # The test labels saved under the test images' name: a valid IDX file, the wrong one.
    shutil.copy(DATA / MNIST_FILES["test_labels"][0], tmp_path / MNIST_FILES["test_images"][0])
    with pytest.raises(
        MNISTFileError, match=r"images-idx3-ubyte\.gz has magic number 2049, expected 2051"
    ):
        read_mnist_file(tmp_path, "test_images")


def test_altered_content_fails_the_checksum(labels_file):
    path, raw = labels_file
    data = bytearray(gzip.decompress(raw))
    data[100] = (data[100] + 1) % 10  # one label changed: still a well-formed file
    path.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(MNISTFileError, match=r"fails its SHA-256 check"):
        read_mnist_file(path.parent, "test_labels")


def test_errors_are_value_errors():
    assert issubclass(MNISTFileError, ValueError)


# ---------------------------------------------------------------- the network


def test_init_params_shapes_dtype_and_he_scale():
    params = init_params([784, 128, 64, 10], np.random.default_rng(0))
    assert [p["W"].shape for p in params] == [(784, 128), (128, 64), (64, 10)]
    assert all(p["W"].dtype == np.float32 and p["b"].dtype == np.float32 for p in params)
    assert all(not p["b"].any() for p in params)
    assert params[0]["W"].std() == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert params[1]["W"].std() == pytest.approx(np.sqrt(2 / 128), rel=0.05)


@pytest.mark.parametrize(
    "sizes", [[784], [784, 0, 10], [784, 12.5, 10], ["784", 10], [True, 10], [None, 10]]
)
def test_init_params_rejects_bad_layer_sizes(sizes):
    with pytest.raises(ValueError, match="layer_sizes must be two or more positive integers"):
        init_params(sizes, np.random.default_rng(0))


def test_count_params_counts_weights_and_biases():
    sizes = [784, 128, 64, 10]
    expected = sum(a * b + b for a, b in itertools.pairwise(sizes))
    assert count_params(init_params(sizes, np.random.default_rng(0))) == expected


def test_softmax_matches_scipy_and_is_stable():
    logits = np.random.default_rng(1).normal(size=(6, 10)).astype(np.float32) * 5
    logits[0] += 1000.0  # would overflow exp() without the max shift
    expected = scipy_softmax(logits.astype(np.float64), axis=1)
    probs = softmax(logits.copy())
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs, expected, rtol=1e-5, atol=1e-7)


def test_cross_entropy_matches_sklearn_log_loss():
    rng = np.random.default_rng(2)
    probs = scipy_softmax(rng.normal(size=(50, 10)), axis=1)
    labels = rng.integers(0, 10, size=50)
    assert cross_entropy(probs, labels) == pytest.approx(log_loss(labels, probs, labels=range(10)))


def _as_float64(params):
    return [{k: v.astype(np.float64) for k, v in layer.items()} for layer in params]


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_backward_matches_central_finite_differences(activation):
    rng = np.random.default_rng(3)
    params = _as_float64(init_params([7, 5, 4, 3], rng))
    for layer in params:
        layer["b"] += rng.normal(scale=0.1, size=layer["b"].shape)
    X = rng.uniform(size=(6, 7))  # pixels in [0, 1], float64 for precision
    labels = rng.integers(0, 3, size=6)

    def loss():
        probs, _ = forward(params, X.copy(), activation)
        return cross_entropy(probs, labels)

    _, outputs = forward(params, X.copy(), activation)
    grads = backward(params, outputs, labels, activation)
    eps, worst = 1e-6, 0.0
    for layer, grad in zip(params, grads, strict=True):
        for key in ("W", "b"):
            numeric = np.zeros_like(layer[key])
            for index in np.ndindex(layer[key].shape):
                saved = layer[key][index]
                layer[key][index] = saved + eps
                plus = loss()
                layer[key][index] = saved - eps
                minus = loss()
                layer[key][index] = saved
                numeric[index] = (plus - minus) / (2 * eps)
            worst = max(worst, np.max(np.abs(numeric - grad[key])))
    assert worst < 1e-7


def test_sgd_update_plain_and_with_momentum():
    rng = np.random.default_rng(4)
    params = init_params([4, 3, 2], rng)
    before = [{k: v.copy() for k, v in layer.items()} for layer in params]
    grads = [
        {k: rng.normal(size=v.shape).astype(np.float32) for k, v in layer.items()}
        for layer in params
    ]
    g_copy = [{k: v.copy() for k, v in g.items()} for g in grads]
    sgd_update(params, grads, 0.1)
    for b, p, g in zip(before, params, g_copy, strict=True):
        for key in ("W", "b"):
            np.testing.assert_allclose(p[key], b[key] - 0.1 * g[key], rtol=1e-6)

    # Momentum: v1 = -lr g; v2 = m v1 - lr g; W2 = W0 + v1 + v2.
    params = [{k: v.copy() for k, v in layer.items()} for layer in before]
    velocity = zeros_like_params(params)
    for _ in range(2):
        sgd_update(
            params, [{k: v.copy() for k, v in g.items()} for g in g_copy], 0.1, velocity, 0.9
        )
    for b, p, g in zip(before, params, g_copy, strict=True):
        for key in ("W", "b"):
            expected = b[key] + (-0.1 * g[key]) + (0.9 * -0.1 * g[key] - 0.1 * g[key])
            np.testing.assert_allclose(p[key], expected, rtol=1e-5, atol=1e-7)


def test_load_mnist_takes_a_folder_argument(tmp_path, monkeypatch):
    folder = _copy_data(tmp_path)
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "nowhere"))  # the argument wins
    assert load_mnist(folder)[3].shape == (10000,)


# ---------------------------------------------------------------- the validation split


def test_validation_split_is_seeded_disjoint_and_complete():
    X = np.arange(100, dtype=np.float32).reshape(50, 2) / 100
    y = np.arange(50) % 10
    X_a, _, X_val, y_val = split_off_validation(X, y, n_validation=10, seed=3)
    again = split_off_validation(X, y, n_validation=10, seed=3)
    other = split_off_validation(X, y, n_validation=10, seed=4)
    assert X_a.shape == (40, 2) and X_val.shape == (10, 2)
    np.testing.assert_array_equal(again[2], X_val)
    assert not np.array_equal(other[2], X_val)
    rows = sorted(map(tuple, np.concatenate([X_a, X_val])))
    assert rows == sorted(map(tuple, X))  # every image once, nowhere twice
    np.testing.assert_array_equal(y_val, np.rint(X_val[:, 0] * 50) % 10)


@pytest.mark.parametrize("n_validation", [0, 50, -1])
def test_validation_split_rejects_bad_sizes(n_validation):
    X, y = np.zeros((50, 2), np.float32), np.zeros(50, np.int64)
    with pytest.raises(
        ValueError, match=r"n_validation must be (a whole number >= 1|from 1 to 49)"
    ):
        split_off_validation(X, y, n_validation=n_validation)


# ---------------------------------------------------------------- training


@pytest.fixture(scope="module")
def small_mnist():
    """3,000 training and 1,000 validation images (the validation split of the page)."""
    X_train, y_train, _, _ = load_mnist(DATA)
    X_train, y_train, X_val, y_val = split_off_validation(X_train, y_train)
    return X_train[:3000], y_train[:3000], X_val[:1000], y_val[:1000]


QUIET = {"print_fn": lambda line: None}


def test_train_is_the_loop_of_the_public_steps_checked_once(small_mnist, monkeypatch):
    """train's unchecked steps compute exactly what forward, cross_entropy,
    backward and sgd_update compute; only the number of checks differs."""
    X_train, y_train, _, _ = small_mnist
    rng = np.random.default_rng(3)  # train's seed=3: the same weights and order
    params = init_params((784, 128, 64, 10), rng)
    order = rng.permutation(3000)
    loss_sum = 0.0
    for start in range(0, 3000, 128):
        idx = order[start : start + 128]
        X, labels = X_train[idx], y_train[idx]
        probs, outputs = forward(params, X)
        loss_sum += cross_entropy(probs, labels) * len(idx)
        sgd_update(params, backward(params, outputs, labels), 0.1)

    checked = []
    original = mnist_mlp.check_images
    monkeypatch.setattr(mnist_mlp, "check_images", lambda *a: checked.append(a[-1]) or original(*a))
    trained, history = train(*small_mnist, epochs=1, seed=3, **QUIET)
    assert history["train_loss"] == [loss_sum / 3000]
    for ours, theirs in zip(params, trained, strict=True):
        np.testing.assert_array_equal(ours["W"], theirs["W"])
        np.testing.assert_array_equal(ours["b"], theirs["b"])
    # The data once each, and the validation set once per epoch (evaluate);
    # none of the 24 batches is checked again.
    assert checked == ["X_train", "X_val", 784]


def test_training_is_deterministic_and_learns(small_mnist):
    params_a, history_a = train(*small_mnist, seed=5, epochs=2, **QUIET)
    params_b, history_b = train(*small_mnist, seed=5, epochs=2, **QUIET)
    params_c, _ = train(*small_mnist, seed=6, epochs=2, **QUIET)
    for a, b in zip(params_a, params_b, strict=True):
        np.testing.assert_array_equal(a["W"], b["W"])
    assert history_a["train_loss"] == history_b["train_loss"]
    assert not np.array_equal(params_a[0]["W"], params_c[0]["W"])
    assert history_a["train_loss"][1] < history_a["train_loss"][0]
    assert history_a["val_accuracy"][-1] > 0.6  # far above chance (10%)
    assert all(p["W"].dtype == np.float32 for p in params_a)


def test_training_keeps_the_epoch_best_on_validation(small_mnist):
    # lr = 1.0 on a small set bounces, so the best epoch is rarely the last.
    params, history = train(*small_mnist, epochs=6, lr=1.0, seed=2, **QUIET)
    accuracies = history["val_accuracy"]
    best = history["best_epoch"]
    assert accuracies[best - 1] == max(accuracies)
    assert best == 1 + accuracies.index(max(accuracies))  # the earliest on a tie
    _, accuracy = evaluate(params, small_mnist[2], small_mnist[3])
    assert accuracy == pytest.approx(accuracies[best - 1])
    assert set(history) == {
        "epoch",
        "train_loss",
        "val_loss",
        "val_accuracy",
        "cpu_seconds",
        "best_epoch",
    }


def test_training_leaves_the_data_untouched(small_mnist):
    copies = [a.copy() for a in small_mnist]
    train(*small_mnist, epochs=1, **QUIET)
    for original, copy in zip(small_mnist, copies, strict=True):
        np.testing.assert_array_equal(original, copy)


def test_training_prints_the_requested_epochs(small_mnist):
    lines = []
    train(*small_mnist, epochs=3, log_epochs=(1, 3), print_fn=lines.append)
    assert [line.split("|")[0].strip() for line in lines] == ["Epoch  1/3", "Epoch  3/3"]
    assert "validation accuracy" in lines[0]


# ---------------------------------------------------------------- FLOPs, counted


class CountingArray(np.ndarray):
    """An array that adds up the FLOPs of every matrix product it takes part in."""

    flops = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__":
            a, b = inputs[:2]
            CountingArray.flops += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        plain = tuple(x.view(np.ndarray) if isinstance(x, CountingArray) else x for x in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(
                x.view(np.ndarray) if isinstance(x, CountingArray) else x for x in kwargs["out"]
            )
        result = getattr(ufunc, method)(*plain, **kwargs)
        if "out" in kwargs:
            return inputs[0] if result is kwargs["out"][0] else result
        return result.view(CountingArray) if isinstance(result, np.ndarray) else result


@pytest.mark.parametrize("sizes", [(784, 128, 64, 10), (784, 128, 64, 32, 10)])
def test_flop_count_matches_an_instrumented_epoch(small_mnist, sizes):
    X_train, y_train, X_val, y_val = small_mnist
    n = 1000  # 7 full batches of 128 and one of 104
    counting = X_train[:n].view(CountingArray)
    CountingArray.flops = 0
    train(counting, y_train[:n], X_val, y_val, layer_sizes=sizes, epochs=1, **QUIET)
    assert CountingArray.flops == matmul_flops_per_image(sizes) * n


def test_flop_count_of_the_page_network_by_hand():
    w1, w2, w3 = 784 * 128, 128 * 64, 64 * 10
    assert matmul_flops_per_image([784, 128, 64, 10]) == 2 * 3 * (w1 + w2 + w3) - 2 * w1


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "change, error, match",
    [
        (
            lambda d: (d[0][:, :100], *d[1:]),
            ValueError,
            r"X_train must be an array of shape \(n, 784\)",
        ),
        (lambda d: (d[0].astype(np.float64), *d[1:]), TypeError, "X_train must be float32"),
        (lambda d: (d[0] * 255, *d[1:]), ValueError, "X_train must hold finite pixels.*divide"),
        (lambda d: (d[0], d[1][:-1], *d[2:]), ValueError, r"y_train must have shape \(3000,\)"),
        (lambda d: (d[0], d[1] + 1, *d[2:]), ValueError, "y_train must be integers from 0 to 9"),
        (
            lambda d: (d[0], d[1].astype(np.float32), *d[2:]),
            TypeError,
            "y_train must be an integer",
        ),
        (lambda d: (*d[:3], d[3][:10]), ValueError, r"y_val must have shape \(1000,\)"),
    ],
)
def test_train_rejects_bad_data(small_mnist, change, error, match):
    with pytest.raises(error, match=match):
        train(*change(small_mnist), epochs=1, **QUIET)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": 0}, "lr must be a finite number > 0"),
        ({"lr": float("nan")}, "lr must be a finite number > 0"),
        ({"lr": float("inf")}, "lr must be a finite number > 0"),
        ({"lr": "0.1"}, "lr must be a finite number > 0"),
        ({"batch_size": 0}, "batch_size must be a whole number >= 1"),
        ({"batch_size": 12.5}, "batch_size must be a whole number >= 1"),
        ({"batch_size": True}, "batch_size must be a whole number >= 1"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"log_epochs": None}, "log_epochs must be a tuple of epoch numbers"),
        ({"momentum": 1.0}, r"momentum must be in \[0, 1\)"),
        ({"momentum": float("nan")}, r"momentum must be in \[0, 1\)"),
        ({"activation": "tanh"}, "activation must be one of"),
        ({"activation": "ReLU"}, r"activation must be one of .* \(lower case\)"),
    ],
)
def test_train_rejects_bad_settings(small_mnist, kwargs, match):
    with pytest.raises(ValueError, match=match):
        train(*small_mnist, epochs=1, **QUIET, **kwargs)


@pytest.fixture(scope="module")
def tiny():
    """A small network and a batch that every function accepts."""
    rng = np.random.default_rng(7)
    params = init_params([6, 5, 3], rng)
    X = rng.uniform(size=(4, 6)).astype(np.float32)
    labels = np.array([0, 2, 1, 2])
    return params, X, labels


BAD_FLOATS = st.sampled_from([np.nan, np.inf, -np.inf, -0.5, 1.5, 255.0])


@settings(derandomize=True, max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(bad=BAD_FLOATS, row=st.integers(0, 3), column=st.integers(0, 5))
def test_forward_and_evaluate_reject_any_bad_pixel(tiny, bad, row, column):
    params, X, labels = tiny
    X = X.copy()
    X[row, column] = bad
    for call in (lambda: forward(params, X), lambda: evaluate(params, X, labels)):
        with pytest.raises(ValueError, match=r"X must hold finite pixels scaled to \[0, 1\]"):
            call()


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    name=st.text(max_size=12).filter(lambda s: s not in mnist_mlp.ACTIVATIONS)
    | st.sampled_from(["ReLU", "Sigmoid", "RELU", "tanh", " relu"])
)
def test_every_function_rejects_unknown_activation_names(tiny, name):
    params, X, labels = tiny
    _, outputs = forward(params, X)
    calls = (
        lambda: forward(params, X, name),
        lambda: backward(params, outputs, labels, name),
        lambda: evaluate(params, X, labels, name),
    )
    for call in calls:
        with pytest.raises(ValueError, match="activation must be one of"):
            call()


@settings(derandomize=True, max_examples=40, deadline=None)
@given(
    labels=st.lists(st.integers(-3, 6), min_size=0, max_size=8).filter(
        lambda v: len(v) != 4 or min(v) < 0 or max(v) > 2
    )
)
def test_backward_and_evaluate_reject_bad_labels(tiny, labels):
    params, X, _ = tiny
    labels = np.array(labels, dtype=np.int64)
    _, outputs = forward(params, X)
    for call in (
        lambda: backward(params, outputs, labels),
        lambda: evaluate(params, X, labels),
        lambda: cross_entropy(softmax(np.ones((4, 3), np.float32)), labels),
    ):
        with pytest.raises(
            ValueError, match=r"labels must (have shape \(4,\)|be integers from 0 to 2)"
        ):
            call()


@settings(derandomize=True, max_examples=30, deadline=None)
@given(
    lr=st.sampled_from([0.0, -0.1, np.nan, np.inf, -np.inf])
    | st.floats(max_value=0.0, allow_nan=False),
)
def test_sgd_update_rejects_bad_learning_rates(tiny, lr):
    params, X, labels = tiny
    _, outputs = forward(params, X)
    grads = backward(params, outputs, labels)
    before = [p["W"].copy() for p in params]
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        sgd_update(params, grads, lr)
    for p, b in zip(params, before, strict=True):
        np.testing.assert_array_equal(p["W"], b)  # nothing changed


@pytest.mark.parametrize(
    "X, error, match",
    [
        ([[0.0] * 6], ValueError, "X must be an array of shape"),
        (np.zeros((2, 5), np.float32), ValueError, r"shape \(n, 6\)"),
        (np.zeros((0, 6), np.float32), ValueError, "X is empty"),
        (np.zeros((2, 6), np.uint8), TypeError, "float32"),
    ],
)
def test_check_images_names_the_problem(X, error, match):
    with pytest.raises(error, match=match):
        check_images(X, 6)


@settings(derandomize=True, max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 1, width=32), min_size=6, max_size=6))
def test_good_inputs_give_probabilities_and_a_nonnegative_loss(tiny, row):
    params, _, _ = tiny
    X = np.array([row], dtype=np.float32)
    probs, _ = forward(params, X)
    assert np.all(np.isfinite(probs))
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert cross_entropy(probs, np.array([1])) >= 0


@pytest.mark.parametrize("sizes", [["784", 10], [784], [784, -1], "784-10"])
def test_flop_count_rejects_bad_layer_sizes(sizes):
    with pytest.raises(ValueError, match="layer_sizes must be two or more positive integers"):
        matmul_flops_per_image(sizes)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # on the way
def test_a_diverging_run_stops_with_a_clear_error(small_mnist):
    with pytest.raises(ValueError, match="the training diverged: lower the learning rate"):
        train(*small_mnist, epochs=3, lr=1e4, **QUIET)
