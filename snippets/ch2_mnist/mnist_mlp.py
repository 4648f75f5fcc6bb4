"""MNIST from scratch: load the real data, then train a NumPy neural network on it.

Section 2.8 of the course ("MNIST from scratch"). The page shows this module section
by section.

* The loader reads the four original gzip IDX files that ship with the course in
  `data/mnist/` (or the folder named by the environment variable `MNIST_DIR`) and
  checks each against its SHA-256. Nothing is ever downloaded.
* The network is a 784-128-64-10 multilayer perceptron with ReLU hidden layers, a
  softmax output and cross-entropy loss, He initialisation and plain mini-batch
  stochastic gradient descent (momentum is an option, off by default).

Every function takes what it needs as arguments and returns what it computes: there
are no hidden globals. Arrays are row-major: one example per row, so a batch of 128
images is a (128, 784) float32 array and a layer computes `A @ W + b`.

    python snippets/ch2_mnist/mnist_mlp.py    # loads MNIST, trains 20 epochs, prints the log
"""

# --8<-- [start:loader]
import gzip
import hashlib
import os
import zlib
from pathlib import Path

import numpy as np

# SHA-256 of the original gzip files (the same values as data/mnist/SHA256SUMS).
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
IMAGES_MAGIC, LABELS_MAGIC = (
    2051,
    2049,
)  # IDX: 0x0803 = 3-D uint8, 0x0801 = 1-D uint8
FIX = (
    "Copy the original file from the course repository's data/mnist/ folder, "
    "or point the MNIST_DIR environment variable at a folder that holds it."
)


class MNISTFileError(ValueError):
    """An MNIST file is missing, truncated, corrupt or not the file it claims to be."""


def find_mnist_dir():
    """MNIST_DIR if it is set, else the first data/mnist in this folder or a parent."""
    if os.environ.get("MNIST_DIR"):
        return Path(os.environ["MNIST_DIR"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "mnist").is_dir():
            return folder / "data" / "mnist"
    raise MNISTFileError(
        f"no data/mnist folder in {here} or any folder above it. "
        "Run from inside the course repository, or set MNIST_DIR to the folder "
        "that holds the four MNIST .gz files."
    )


def parse_idx(path, raw, magic):
    """Decompress one gzip IDX file and return its uint8 array (no copy of the data)."""
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
            f"{path} is truncated: {len(data)} bytes, shorter than its header. {FIX}"
        )
    found, *shape = (
        int(v) for v in np.frombuffer(data, dtype=">u4", count=1 + n_dims)
    )
    if found != magic:
        raise MNISTFileError(
            f"{path} has magic number {found}, expected {magic} "
            f"({'images' if magic == IMAGES_MAGIC else 'labels'}); "
            f"is it another MNIST file under this name? {FIX}"
        )
    expected_size = header_size + int(np.prod(shape))
    if len(data) != expected_size:
        raise MNISTFileError(
            f"{path} holds {len(data)} bytes, but its header {shape} promises {expected_size}: "
            f"the file is truncated or padded. {FIX}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(
        shape
    )


def read_mnist_file(folder, key):
    """Read one of the four files, check its SHA-256, and return its uint8 array."""
    name, sha256 = MNIST_FILES[key]
    path = Path(folder) / name
    if not path.is_file():
        raise MNISTFileError(f"{path} is missing. {FIX}")
    raw = path.read_bytes()
    magic = IMAGES_MAGIC if key.endswith("images") else LABELS_MAGIC
    if hashlib.sha256(raw).hexdigest() != sha256:
        parse_idx(
            path, raw, magic
        )  # raises a more specific error if it can find one
        raise MNISTFileError(
            f"{path} fails its SHA-256 check: it parses, but its bytes differ from the "
            f"original MNIST file (expected {sha256[:16]}...). {FIX}"
        )
    return parse_idx(path, raw, magic)


def load_mnist(folder=None):
    """(X_train, y_train, X_test, y_test): images as float32 rows in [0, 1], labels as int64.

    Images come as one row of 784 pixels per example (row-major), the layout the
    network below multiplies with. Labels stay integers (no one-hot copy).
    """
    folder = find_mnist_dir() if folder is None else Path(folder)
    arrays = {key: read_mnist_file(folder, key) for key in MNIST_FILES}
    for split in ("train", "test"):
        if len(arrays[f"{split}_images"]) != len(arrays[f"{split}_labels"]):
            raise MNISTFileError(
                f"the {split} images and labels in {folder} differ in count. {FIX}"
            )

    def to_rows(images):
        rows = images.reshape(len(images), -1).astype(
            np.float32
        )  # the one copy we make
        rows /= np.float32(255.0)  # in place: pixel values 0..255 become 0..1
        return rows

    return (
        to_rows(arrays["train_images"]),
        arrays["train_labels"].astype(np.int64),
        to_rows(arrays["test_images"]),
        arrays["test_labels"].astype(np.int64),
    )


# --8<-- [end:loader]


# --8<-- [start:layers]
import time

import numpy as np

ACTIVATIONS = ("relu", "sigmoid")


def init_params(layer_sizes, rng):
    """He initialisation: W ~ N(0, 2 / fan_in), b = 0, all float32.

    He et al. (2015) chose the variance 2 / fan_in so that, with ReLU zeroing about half
    of the values, the signal keeps roughly the same size from layer to layer.
    """
    if len(layer_sizes) < 2 or any(int(n) != n or n < 1 for n in layer_sizes):
        raise ValueError(
            f"layer_sizes must be two or more positive integers, got {layer_sizes}"
        )
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        W = rng.standard_normal((n_in, n_out), dtype=np.float32)
        W *= np.float32(np.sqrt(2.0 / n_in))
        params.append({"W": W, "b": np.zeros(n_out, dtype=np.float32)})
    return params


def count_params(params):
    """Number of trainable numbers: every weight and every bias."""
    return sum(layer["W"].size + layer["b"].size for layer in params)


def relu(Z):
    return np.maximum(Z, 0, out=Z)  # in place: Z is not needed afterwards


def sigmoid(Z):
    np.negative(Z, out=Z)
    np.exp(Z, out=Z)
    Z += 1
    return np.reciprocal(Z, out=Z)  # 1 / (1 + exp(-Z)), computed in place


def softmax(logits):
    """Row-wise softmax, in place. Subtracting each row's max keeps exp() from overflowing."""
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    return logits


def cross_entropy(probs, labels):
    """Mean of -log(probability given to the true class)."""
    p_true = probs[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(p_true, 1e-12))))


# --8<-- [end:layers]


# --8<-- [start:forward]
def forward(params, X, activation="relu"):
    """Run a batch X (n, 784) through the network.

    Returns the class probabilities (n, 10) and the list of every layer's output,
    [X, A1, A2, probs], which the backward pass needs.
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

    For softmax followed by cross-entropy, the gradient at the logits is simply
    (probs - one_hot(labels)) / n; no one-hot matrix is ever built.
    """
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
            dA *= A_prev > 0  # ReLU'(z) is 1 where the output is positive
        else:
            dA *= A_prev * (1 - A_prev)  # sigmoid'(z) = a * (1 - a)
        dZ = dA
    return grads


# --8<-- [end:backward]


# --8<-- [start:update]
def sgd_update(params, grads, lr, velocity=None, momentum=0.0):
    """One step of gradient descent, in place: W <- W - lr * dW.

    With momentum > 0 (and a `velocity` list from `zeros_like_params`), it is SGD with
    (heavy-ball) momentum instead: v <- momentum * v - lr * dW; W <- W + v.
    """
    lr = np.float32(lr)
    for i, (layer, grad) in enumerate(zip(params, grads)):
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
    return [
        {key: np.zeros_like(value) for key, value in layer.items()}
        for layer in params
    ]


# --8<-- [end:update]


# --8<-- [start:train]
def evaluate(params, X, labels, activation="relu"):
    """(mean cross-entropy, accuracy) of the network on X."""
    probs, _ = forward(params, X, activation)
    accuracy = float(np.mean(probs.argmax(axis=1) == labels))
    return cross_entropy(probs, labels), accuracy


def check_inputs(X, labels, n_inputs, n_classes):
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(
            f"X must have shape (n, {n_inputs}), one example per row; got {X.shape}"
        )
    if X.dtype != np.float32:
        raise TypeError(f"X must be float32 (scaled to [0, 1]), got {X.dtype}")
    if labels.shape != (len(X),):
        raise ValueError(
            f"labels must have shape ({len(X)},) to match X, got {labels.shape}"
        )
    if (
        not np.issubdtype(labels.dtype, np.integer)
        or labels.min() < 0
        or labels.max() >= n_classes
    ):
        raise ValueError(f"labels must be integers from 0 to {n_classes - 1}")


def train(
    X_train,
    y_train,
    X_test,
    y_test,
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
    """Mini-batch SGD. Returns the trained parameters and a per-epoch history.

    Each epoch visits the training examples in a new random order. Only the order
    (an index array) is shuffled; each batch gathers its 128 rows with X[idx], so the
    data set is never copied as a whole. The reported training loss of an epoch is
    the mean loss over its batches, measured as they were trained on.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {ACTIVATIONS}, got {activation!r}"
        )
    if not (lr > 0 and batch_size >= 1 and epochs >= 1 and 0 <= momentum < 1):
        raise ValueError(
            "need lr > 0, batch_size >= 1, epochs >= 1 and 0 <= momentum < 1"
        )
    for X, labels in ((X_train, y_train), (X_test, y_test)):
        check_inputs(X, labels, layer_sizes[0], layer_sizes[-1])

    rng = np.random.default_rng(seed)
    params = init_params(layer_sizes, rng)
    velocity = zeros_like_params(params) if momentum else None
    history = {
        "epoch": [],
        "train_loss": [],
        "test_loss": [],
        "test_accuracy": [],
        "seconds": [],
    }
    n = len(X_train)
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        order = rng.permutation(n)
        loss_sum = 0.0
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            X, labels = X_train[idx], y_train[idx]
            probs, outputs = forward(params, X, activation)
            loss_sum += cross_entropy(probs, labels) * len(idx)
            grads = backward(params, outputs, labels, activation)
            sgd_update(params, grads, lr, velocity, momentum)
        seconds = time.perf_counter() - started
        test_loss, test_accuracy = evaluate(params, X_test, y_test, activation)
        for key, value in zip(
            history, (epoch, loss_sum / n, test_loss, test_accuracy, seconds)
        ):
            history[key].append(value)
        if epoch in log_epochs:
            print_fn(
                f"Epoch {epoch:2d}/{epochs} | loss {loss_sum / n:.4f} | "
                f"test accuracy {test_accuracy:.2%}"
            )
    return params, history


# --8<-- [end:train]


if __name__ == "__main__":
    # --8<-- [start:loader_demo]
    X_train, y_train, X_test, y_test = load_mnist()
    print(
        f"training images: {X_train.shape} {X_train.dtype}, labels: {y_train.shape}"
    )
    print(
        f"test images:     {X_test.shape} {X_test.dtype}, labels: {y_test.shape}"
    )
    print(f"pixel range: {X_train.min():.1f} to {X_train.max():.1f}")
    print("training examples per digit:", np.bincount(y_train).tolist())
    print("test examples per digit:    ", np.bincount(y_test).tolist())
    print("first ten training labels:", y_train[:10].tolist())
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
        all(g["W"].shape == p["W"].shape for g, p in zip(grads, params)),
    )
    # --8<-- [end:shapes_demo]

    # --8<-- [start:train_demo]
    params, history = train(X_train, y_train, X_test, y_test)
    print(
        f"{count_params(params):,} parameters, "
        f"{np.mean(history['seconds']):.2f} s per epoch on average"
    )
    # --8<-- [end:train_demo]
