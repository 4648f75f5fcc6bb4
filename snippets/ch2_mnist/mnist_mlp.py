"""MNIST from scratch: load the real data, then train a NumPy network on it.

Section 2.8 of the course ("MNIST from scratch"). The page shows this module
section by section.

* The loader reads the four original gzip IDX files from a `data/mnist/`
  folder in or above the current one (or a folder you pass, or the one named
  by the environment variable `MNIST_DIR`) and checks each against its
  SHA-256. Nothing is ever downloaded. A seeded split holds 10,000 training
  images out for validation.
* The network is a 784-128-64-10 multilayer perceptron with ReLU hidden
  layers, a softmax output and cross-entropy loss, He initialisation and plain
  mini-batch stochastic gradient descent (momentum is an option, off by
  default). The epoch with the best validation accuracy is kept; the test set
  is scored once, at the end.

Every function takes what it needs as arguments and returns what it computes:
there are no hidden globals. Arrays are row-major: one example per row, so a
batch of 128 images is a (128, 784) float32 array and a layer computes
`A @ W + b`.

    OPENBLAS_NUM_THREADS=1 python mnist_mlp.py   # loads, trains, prints
"""

# --8<-- [start:loader]
import gzip
import hashlib
import os
import zlib
from pathlib import Path

import numpy as np

# SHA-256 of the original gzip files (the same as data/mnist/SHA256SUMS).
MNIST_FILES = {
    "train_images": (
        "train-images-idx3-ubyte.gz",
        "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
    ),
    "train_labels": (
        "train-labels-idx1-ubyte.gz",
        "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
    ),
    "test_images": (
        "t10k-images-idx3-ubyte.gz",
        "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
    ),
    "test_labels": (
        "t10k-labels-idx1-ubyte.gz",
        "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
    ),
}
# IDX magic numbers: 0x0803 = 3-D uint8 (images), 0x0801 = 1-D uint8 (labels)
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049
FIX = (
    "Download the four .gz files again from the course site's MNIST page "
    "(the links in its 'Run this page yourself' box) into one folder, and "
    "pass that folder to load_mnist or set MNIST_DIR to it."
)


class MNISTFileError(ValueError):
    """An MNIST file is missing, truncated, corrupt or not the right file."""


def _check_count(value, name, low=0):
    """A whole number >= low (True and 2.5 are not counts)."""
    whole = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not (whole and value >= low):
        raise ValueError(
            f"{name} must be a whole number >= {low}, got {value!r}"
        )


def _check_folder(folder):
    if not isinstance(folder, str | os.PathLike):
        raise TypeError(f"folder must be a path (str or Path), got {folder!r}")


def find_mnist_dir():
    """MNIST_DIR if it is set, else the first data/mnist here or above."""
    if os.environ.get("MNIST_DIR"):
        return Path(os.environ["MNIST_DIR"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "mnist").is_dir():
            return folder / "data" / "mnist"
    raise MNISTFileError(
        f"no data/mnist folder in {here} or any folder above it. {FIX}"
    )


def parse_idx(path, raw, magic):
    """Decompress one gzip IDX file and return its uint8 array."""
    if not isinstance(raw, bytes | bytearray):
        raise TypeError(
            f"raw must be the file's bytes, got {type(raw).__name__}"
        )
    try:
        data = gzip.decompress(raw)
    except EOFError:
        raise MNISTFileError(
            f"{path} is truncated (the gzip stream ends early). {FIX}"
        ) from None
    except (OSError, zlib.error) as error:
        raise MNISTFileError(
            f"{path} is corrupt: not a valid gzip file ({error}). {FIX}"
        ) from None
    n_dims = 3 if magic == IMAGES_MAGIC else 1
    header_size = 4 * (1 + n_dims)
    if len(data) < header_size:
        raise MNISTFileError(
            f"{path} is truncated: {len(data)} bytes, shorter than its "
            f"header. {FIX}"
        )
    header = np.frombuffer(data, dtype=">u4", count=1 + n_dims)
    found, *shape = (int(v) for v in header)
    if found != magic:
        kind = "images" if magic == IMAGES_MAGIC else "labels"
        raise MNISTFileError(
            f"{path} has magic number {found}, expected {magic} ({kind}); "
            f"is it another MNIST file under this name? {FIX}"
        )
    expected_size = header_size + int(np.prod(shape))
    if len(data) != expected_size:
        raise MNISTFileError(
            f"{path} holds {len(data)} bytes, but its header {shape} "
            f"promises {expected_size}: the file is truncated or padded. {FIX}"
        )
    pixels = np.frombuffer(data, dtype=np.uint8, offset=header_size)
    return pixels.reshape(shape)  # a view of the bytes: no copy


def read_mnist_file(folder, key):
    """Read one of the four files, check its SHA-256, return its array."""
    _check_folder(folder)
    if not isinstance(key, str) or key not in MNIST_FILES:
        raise ValueError(f"key must be one of {list(MNIST_FILES)}, got {key!r}")
    name, sha256 = MNIST_FILES[key]
    path = Path(folder) / name
    if not path.is_file():
        raise MNISTFileError(f"{path} is missing. {FIX}")
    raw = path.read_bytes()
    magic = IMAGES_MAGIC if key.endswith("images") else LABELS_MAGIC
    if hashlib.sha256(raw).hexdigest() != sha256:
        parse_idx(path, raw, magic)  # raises a more specific error if it can
        raise MNISTFileError(
            f"{path} fails its SHA-256 check: it parses, but its bytes "
            f"differ from the original MNIST file (expected "
            f"{sha256[:16]}...). {FIX}"
        )
    return parse_idx(path, raw, magic)


def load_mnist(folder=None):
    """(X_train, y_train, X_test, y_test) from `folder` or find_mnist_dir().

    Images come as float32 rows of 784 pixels in [0, 1], one row per image
    (row-major), the layout the network multiplies with. Labels stay int64
    (no one-hot copy).
    """
    if folder is None:
        folder = find_mnist_dir()
    _check_folder(folder)
    arrays = {key: read_mnist_file(folder, key) for key in MNIST_FILES}
    for split in ("train", "test"):
        if len(arrays[f"{split}_images"]) != len(arrays[f"{split}_labels"]):
            raise MNISTFileError(
                f"the {split} images and labels in {folder} differ in "
                f"count. {FIX}"
            )

    def to_rows(images):
        rows = images.reshape(len(images), -1).astype(np.float32)  # one copy
        rows /= np.float32(255.0)  # in place: pixels 0..255 become 0..1
        return rows

    return (
        to_rows(arrays["train_images"]),
        arrays["train_labels"].astype(np.int64),
        to_rows(arrays["test_images"]),
        arrays["test_labels"].astype(np.int64),
    )


def split_off_validation(X, labels, n_validation=10_000, seed=0):
    """(X_train, y_train, X_val, y_val): hold out a random validation set.

    The seed fixes which images are held out, so every run (whatever its
    own seed) is chosen and compared on the same validation images.
    """
    numbers = isinstance(X, np.ndarray) and np.issubdtype(X.dtype, np.number)
    if not numbers or X.ndim != 2 or X.size == 0 or not np.isfinite(X).all():
        raise ValueError("X must be a 2-D array of finite pixels, one per row")
    integers = isinstance(labels, np.ndarray) and labels.dtype.kind in "iu"
    if not integers or labels.shape != (len(X),):
        raise ValueError(f"labels must be {len(X)} integers, one per image")
    _check_count(n_validation, "n_validation", 1)
    _check_count(seed, "seed")
    if n_validation >= len(X):
        raise ValueError(
            f"n_validation must be from 1 to {len(X) - 1}, got {n_validation}"
        )
    order = np.random.default_rng(seed).permutation(len(X))
    held_out, kept = order[:n_validation], order[n_validation:]
    return X[kept], labels[kept], X[held_out], labels[held_out]


# --8<-- [end:loader]


# --8<-- [start:layers]
import math
import time
from itertools import pairwise

import numpy as np

ACTIVATIONS = ("relu", "sigmoid")


def check_layer_sizes(layer_sizes):
    def is_size(n):  # a whole number >= 1; True is an int too, but no size
        whole = isinstance(n, int | np.integer) and not isinstance(n, bool)
        return whole and n >= 1

    sequence = isinstance(layer_sizes, list | tuple | np.ndarray)
    if (
        not sequence
        or len(layer_sizes) < 2
        or not all(map(is_size, layer_sizes))
    ):
        raise ValueError(
            "layer_sizes must be two or more positive integers, "
            f"got {layer_sizes}"
        )


def check_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {ACTIVATIONS} (lower case), "
            f"got {activation!r}"
        )


def check_images(X, n_inputs, name="X"):
    """Rows of n_inputs pixels, scaled to [0, 1]: what the network expects."""
    _check_count(n_inputs, "n_inputs", 1)
    if not isinstance(X, np.ndarray) or X.ndim != 2 or X.shape[1] != n_inputs:
        shape = getattr(X, "shape", type(X).__name__)
        raise ValueError(
            f"{name} must be an array of shape (n, {n_inputs}), one image "
            f"per row; got {shape}"
        )
    if not np.issubdtype(X.dtype, np.floating):
        raise TypeError(f"{name} must hold floats (float32), got {X.dtype}")
    if len(X) == 0:
        raise ValueError(f"{name} is empty: it needs at least one image")
    low, high = X.min(), X.max()  # NaN fails both comparisons below
    if not (low >= 0 and high <= 1):
        raise ValueError(
            f"{name} must hold finite pixels scaled to [0, 1], got values "
            f"from {low} to {high}; divide 0-255 pixels by 255"
        )


def check_labels(labels, n_examples, n_classes, name="labels"):
    """One integer class label in [0, n_classes) per example."""
    _check_count(n_examples, "n_examples")
    _check_count(n_classes, "n_classes", 1)
    if not isinstance(labels, np.ndarray) or not np.issubdtype(
        labels.dtype, np.integer
    ):
        kind = getattr(labels, "dtype", type(labels).__name__)
        raise TypeError(f"{name} must be an integer array, got {kind}")
    if labels.shape != (n_examples,):
        raise ValueError(
            f"{name} must have shape ({n_examples},), one label per "
            f"example; got {labels.shape}"
        )
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            f"{name} must be integers from 0 to {n_classes - 1}, got "
            f"{labels.min()} to {labels.max()}"
        )


def _check_params(params, name="params"):
    """A list of layers, each a dict of float arrays "W" and "b"."""
    layers = isinstance(params, list) and len(params) > 0
    if not layers or not all(
        isinstance(layer, dict)
        and isinstance(layer.get("W"), np.ndarray)
        and isinstance(layer.get("b"), np.ndarray)
        for layer in params
    ):
        raise TypeError(
            f"{name} must be a list of layers, each a dict of arrays W and b "
            f"(as init_params makes), got {type(params).__name__}"
        )


def _check_finite(Z, name):
    """A float array with no NaN or infinity in it."""
    floats = isinstance(Z, np.ndarray) and np.issubdtype(Z.dtype, np.floating)
    if not floats or not np.isfinite(Z).all():
        raise ValueError(
            f"{name} must be a float array of finite numbers; NaN or inf "
            "here means the training diverged: lower the learning rate"
        )


def init_params(layer_sizes, rng):
    """He initialisation: W ~ N(0, 2 / fan_in), b = 0, all float32.

    He et al. (2015) chose the variance 2 / fan_in so that, with ReLU
    zeroing about half of the values, the signal keeps roughly the same
    size from layer to layer.
    """
    check_layer_sizes(layer_sizes)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be np.random.default_rng(seed), got {rng!r}")
    params = []
    for n_in, n_out in pairwise(layer_sizes):
        W = rng.standard_normal((n_in, n_out), dtype=np.float32)
        W *= np.float32(np.sqrt(2.0 / n_in))
        params.append({"W": W, "b": np.zeros(n_out, dtype=np.float32)})
    return params


def count_params(params):
    """Number of trainable numbers: every weight and every bias."""
    _check_params(params)
    return sum(layer["W"].size + layer["b"].size for layer in params)


def relu(Z):
    _check_finite(Z, "Z")
    return np.maximum(Z, 0, out=Z)  # in place: Z is not needed afterwards


def sigmoid(Z):
    _check_finite(Z, "Z")
    np.negative(Z, out=Z)
    np.exp(Z, out=Z)
    Z += 1
    return np.reciprocal(Z, out=Z)  # 1 / (1 + exp(-Z)), computed in place


def softmax(logits):
    """Row-wise softmax, in place; subtracting each row's max avoids
    overflow in exp()."""
    _check_finite(logits, "logits")
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError("logits must be a non-empty (n, classes) array")
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    return logits


def cross_entropy(probs, labels):
    """Mean of -log(probability given to the true class)."""
    _check_finite(probs, "probs")
    if probs.ndim != 2 or probs.size == 0 or probs.min() < 0 or probs.max() > 1:
        raise ValueError(
            "probs must be a non-empty (n, classes) array in [0, 1]"
        )
    check_labels(labels, len(probs), probs.shape[1])
    return _cross_entropy(probs, labels)


def _cross_entropy(probs, labels):
    """cross_entropy() without its checks, for train's loop."""
    p_true = probs[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(p_true, 1e-12))))


# --8<-- [end:layers]


# --8<-- [start:forward]
def forward(params, X, activation="relu"):
    """Run a batch X (n, 784) through the network.

    Returns the class probabilities (n, 10) and the list of every layer's
    output, [X, A1, A2, probs], which the backward pass needs.
    """
    _check_params(params)
    check_activation(activation)
    check_images(X, params[0]["W"].shape[0])
    return _forward(params, X, activation)


def _forward(params, X, activation):
    """forward() without its checks, for train's loop: train checks the
    data once, before the first batch. The activations still check that
    their input is finite, which stops a diverging run with a clear error.
    """
    hidden = relu if activation == "relu" else sigmoid
    outputs = [X]
    A = X
    for layer in params[:-1]:
        Z = A @ layer["W"]  # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out)
        Z += layer["b"]  # the bias broadcasts over the n rows
        A = hidden(Z)
        outputs.append(A)
    logits = A @ params[-1]["W"]
    logits += params[-1]["b"]
    probs = softmax(logits)
    outputs.append(probs)
    return probs, outputs


# --8<-- [end:forward]


# --8<-- [start:backward]
def backward(params, outputs, labels, activation="relu"):
    """Gradients of the mean cross-entropy with respect to every W and b.

    For softmax followed by cross-entropy, the gradient at the logits is
    simply (probs - one_hot(labels)) / n; no one-hot matrix is ever built.
    """
    _check_params(params)
    check_activation(activation)
    if not isinstance(outputs, list) or len(outputs) != len(params) + 1:
        raise TypeError("outputs must be the list of arrays forward() returns")
    check_labels(labels, len(outputs[0]), params[-1]["W"].shape[1])
    return _backward(params, outputs, labels, activation)


def _backward(params, outputs, labels, activation):
    """backward() without its checks, for train's loop."""
    n = len(labels)
    dZ = outputs[-1].copy()
    dZ[np.arange(n), labels] -= 1
    dZ /= np.float32(n)
    grads = [None] * len(params)
    for i in range(len(params) - 1, -1, -1):
        A_prev = outputs[i]
        grads[i] = {"W": A_prev.T @ dZ, "b": dZ.sum(axis=0)}
        if i == 0:
            break  # no gradient is needed for the input images themselves
        dA = dZ @ params[i]["W"].T
        if activation == "relu":
            # ReLU'(z) is 1 where the output is positive, else 0
            np.multiply(dA, A_prev > 0, out=dA)
        else:
            dA *= A_prev * (1 - A_prev)  # sigmoid'(z) = a * (1 - a)
        dZ = dA
    return grads


# --8<-- [end:backward]


# --8<-- [start:update]
def check_rates(lr, momentum):
    """lr a finite number > 0; momentum a number in [0, 1)."""
    numbers = (int, float, np.number)
    if not isinstance(lr, numbers) or not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
    if not isinstance(momentum, numbers) or not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")


def sgd_update(params, grads, lr, velocity=None, momentum=0.0):
    """One step of gradient descent, in place: W <- W - lr * dW.

    With momentum > 0 (and a `velocity` list from `zeros_like_params`) it is
    SGD with (heavy-ball) momentum: v <- momentum * v - lr * dW; W <- W + v.
    The gradients are used up: each is scaled in place to save memory.
    """
    check_rates(lr, momentum)
    _check_params(params)
    _check_params(grads, "grads")
    if velocity is not None:
        _check_params(velocity, "velocity")
    if momentum and velocity is None:
        raise ValueError(
            "momentum > 0 needs velocity=zeros_like_params(params)"
        )
    _sgd_update(params, grads, lr, velocity, momentum)


def _sgd_update(params, grads, lr, velocity, momentum):
    """sgd_update() without its checks, for train's loop."""
    lr = np.float32(lr)
    for i, (layer, grad) in enumerate(zip(params, grads, strict=True)):
        for key in ("W", "b"):
            step = grad[key]
            step *= lr  # reuse the gradient's memory
            if momentum:
                v = velocity[i][key]
                v *= np.float32(momentum)
                v -= step
                layer[key] += v
            else:
                layer[key] -= step


def zeros_like_params(params):
    _check_params(params)
    return [
        {key: np.zeros_like(value) for key, value in layer.items()}
        for layer in params
    ]


# --8<-- [end:update]


# --8<-- [start:train]
def evaluate(params, X, labels, activation="relu"):
    """(mean cross-entropy, accuracy) of the network on X."""
    probs, _ = forward(params, X, activation)
    loss = cross_entropy(probs, labels)  # checks the labels first
    accuracy = float(np.mean(probs.argmax(axis=1) == labels))
    return loss, accuracy


def train(
    X_train,
    y_train,
    X_val,
    y_val,
    layer_sizes=(784, 128, 64, 10),
    epochs=20,
    batch_size=128,
    lr=0.1,
    momentum=0.0,
    activation="relu",
    seed=0,
    log_epochs=(1, 5, 10, 15, 20),
    print_fn=print,
):
    """Mini-batch SGD, monitored on the validation set after every epoch.

    Returns the parameters of the epoch with the best validation accuracy
    (the earliest, on a tie) and a per-epoch history. Each epoch visits the
    training examples in a new random order: only an index array is
    shuffled, and each batch gathers its rows with X_train[idx]. The
    training loss of an epoch is the mean over its batches, measured as
    they were trained on. Every argument is checked once, here, so the loop
    over batches calls the steps without their checks (_forward, _backward
    and so on). An epoch's time is the CPU time this process spent
    on it (all BLAS threads added up), so other programs on a busy machine
    don't count. The test set plays no part: score it once, afterwards,
    with evaluate().
    """
    check_layer_sizes(layer_sizes)
    check_activation(activation)
    check_rates(lr, momentum)
    _check_count(batch_size, "batch_size", 1)
    _check_count(epochs, "epochs", 1)
    _check_count(seed, "seed")
    if not isinstance(log_epochs, tuple | list | range) or not all(
        isinstance(e, int | np.integer) for e in log_epochs
    ):
        raise ValueError(
            f"log_epochs must be a tuple of epoch numbers, got {log_epochs!r}"
        )
    if not callable(print_fn):
        raise TypeError(
            f"print_fn must be a function like print, got {print_fn!r}"
        )
    n_inputs, n_classes = layer_sizes[0], layer_sizes[-1]
    for X, labels, name in ((X_train, y_train, "train"), (X_val, y_val, "val")):
        check_images(X, n_inputs, f"X_{name}")
        check_labels(labels, len(X), n_classes, f"y_{name}")
    if X_train.dtype != np.float32:
        raise TypeError(
            f"X_train must be float32, got {X_train.dtype}; float64 would "
            "take twice the memory and time: use X_train.astype(np.float32)"
        )

    rng = np.random.default_rng(seed)
    params = init_params(layer_sizes, rng)
    velocity = zeros_like_params(params) if momentum else None
    history = {
        "epoch": [],
        "train_loss": [],
        "val_loss": [],
        "val_accuracy": [],
        "cpu_seconds": [],
    }
    best_params, best_epoch, best_accuracy = None, 0, -1.0
    n = len(X_train)
    for epoch in range(1, epochs + 1):
        started = time.process_time()  # CPU time: other programs don't count
        order = rng.permutation(n)
        loss_sum = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            X, labels = X_train[idx], y_train[idx]
            # Everything was checked above, once: the steps skip the checks
            probs, outputs = _forward(params, X, activation)
            loss_sum += _cross_entropy(probs, labels) * len(idx)
            grads = _backward(params, outputs, labels, activation)
            _sgd_update(params, grads, lr, velocity, momentum)
        cpu_seconds = time.process_time() - started
        val_loss, val_accuracy = evaluate(params, X_val, y_val, activation)
        row = (epoch, loss_sum / n, val_loss, val_accuracy, cpu_seconds)
        for key, value in zip(history, row, strict=True):
            history[key].append(value)
        if val_accuracy > best_accuracy:  # on a tie, the earlier epoch stays
            best_epoch, best_accuracy = epoch, val_accuracy
            best_params = [{k: v.copy() for k, v in p.items()} for p in params]
        if epoch in log_epochs:
            print_fn(
                f"Epoch {epoch:2d}/{epochs} | loss {loss_sum / n:.4f} | "
                f"validation accuracy {val_accuracy:.2%}"
            )
    history["best_epoch"] = best_epoch
    return best_params, history


# --8<-- [end:train]


# --8<-- [start:flops]
def matmul_flops_per_image(layer_sizes):
    """FLOPs of the matrix products that one training image costs, as coded.

    A product (n, a) @ (a, b) is n * a * b multiply-adds, 2 FLOPs each. Per
    image, each layer's forward A @ W and weight gradient A_prev.T @ dZ cost
    2 * a * b each. Passing the gradient back, dZ @ W.T, costs 2 * a * b
    too, but the first layer skips it: no gradient goes to the pixels.
    """
    check_layer_sizes(layer_sizes)
    sizes = [int(n) for n in layer_sizes]
    weights = [a * b for a, b in pairwise(sizes)]
    forward_flops = 2 * sum(weights)
    weight_grad_flops = 2 * sum(weights)
    backprop_flops = 2 * sum(weights[1:])
    return forward_flops + weight_grad_flops + backprop_flops


# --8<-- [end:flops]


if __name__ == "__main__":
    # --8<-- [start:loader_demo]
    X_train, y_train, X_test, y_test = load_mnist()
    print(f"training images: {X_train.shape} {X_train.dtype}")
    print(f"test images:     {X_test.shape} {X_test.dtype}")
    print(f"pixel range: {X_train.min():.1f} to {X_train.max():.1f}")
    print("training examples per digit:", np.bincount(y_train).tolist())
    print("test examples per digit:    ", np.bincount(y_test).tolist())
    print("first ten training labels:", y_train[:10].tolist())

    X_train, y_train, X_val, y_val = split_off_validation(X_train, y_train)
    print(
        f"after the split: {len(X_train):,} training, {len(X_val):,} "
        "validation images"
    )
    print("validation examples per digit:", np.bincount(y_val).tolist())
    # --8<-- [end:loader_demo]

    # --8<-- [start:shapes_demo]
    params = init_params([784, 128, 64, 10], np.random.default_rng(0))
    print(f"parameters: {count_params(params):,}")
    probs, outputs = forward(params, X_train[:5])
    print("layer outputs:", [a.shape for a in outputs])
    print(
        "each row of probabilities sums to 1:",
        np.allclose(probs.sum(axis=1), 1.0),
    )
    grads = backward(params, outputs, y_train[:5])
    print(
        "gradient shapes match the weights:",
        all(
            g["W"].shape == p["W"].shape
            for g, p in zip(grads, params, strict=True)
        ),
    )
    # --8<-- [end:shapes_demo]

    # --8<-- [start:train_demo]
    params, history = train(X_train, y_train, X_val, y_val)
    best = history["best_epoch"]
    test_loss, test_accuracy = evaluate(params, X_test, y_test)
    print(
        f"kept epoch {best} (validation accuracy "
        f"{history['val_accuracy'][best - 1]:.2%}); test accuracy, "
        f"measured once: {test_accuracy:.2%}"
    )
    # --8<-- [end:train_demo]
