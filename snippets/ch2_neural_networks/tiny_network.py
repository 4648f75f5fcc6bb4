"""A 2-2-1 network worked through by hand: forward, loss, backward, update.

Chapter 2.4 (forward propagation) and 2.6 (backpropagation) of the course. The
pages show this module section by section; run the whole file to see every
step:

    python tiny_network.py
"""

# --8<-- [start:params]
import numpy as np

x = np.array([0.5, 0.8])  # the inputs x1, x2
y = 1.0  # the true label of this example (class 1)

params = {
    # The hidden layer: row i holds the weights into hidden neuron h_i.
    "W_h": np.array(
        [
            [0.4, 0.3],  # w1 (x1 -> h1), w2 (x2 -> h1)
            [-0.2, 0.6],  # w3 (x1 -> h2), w4 (x2 -> h2)
        ]
    ),
    "b_h": np.array([0.1, -0.1]),  # b1 (h1), b2 (h2)
    # The output layer: one neuron, o1.
    "W_o": np.array([[0.7, 0.5]]),  # w5 (h1 -> o1), w6 (h2 -> o1)
    "b_o": np.array([0.2]),  # b3 (o1)
}
# The name of each single number in params, in the same order.
WEIGHT_NAMES = {
    "W_h": ["w1", "w2", "w3", "w4"],
    "b_h": ["b1", "b2"],
    "W_o": ["w5", "w6"],
    "b_o": ["b3"],
}
# --8<-- [end:params]


# --8<-- [start:forward]
def relu(z):
    return np.maximum(0.0, _as_finite(z, "z"))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-_as_finite(z, "z")))


def forward(x, params):
    """Input -> hidden (ReLU) -> output (sigmoid). Returns every step."""
    x, params = _checked(x, params)
    z_h = params["W_h"] @ x + params["b_h"]  # step 1: hidden weighted sums
    a_h = relu(z_h)  # step 2: hidden activations
    z_o = params["W_o"] @ a_h + params["b_o"]  # step 3: output weighted sum
    y_hat = sigmoid(z_o)  # step 4: output activation, a probability
    return {"z_h": z_h, "a_h": a_h, "z_o": z_o, "y_hat": y_hat}


def predicted_class(y_hat) -> int:
    """Class 1 if the predicted probability is above 0.5, else class 0."""
    return int(_probability(y_hat) > 0.5)


# --8<-- [end:forward]


# --8<-- [start:checks]
def _as_finite(values, name: str) -> np.ndarray:
    """values as a float array, or an error that names the argument."""
    try:
        array = np.asarray(values)
    except ValueError:  # nested lists of different lengths
        raise ValueError(f"{name} must be a rectangular array") from None
    if array.dtype.kind not in "biuf":  # bool, int, unsigned int, float
        raise TypeError(f"{name} must hold real numbers, got {values!r}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, not nan or inf")
    return array.astype(float)


def _checked_params(params) -> dict:
    """params as float arrays whose shapes fit together, or a clear error."""
    if not isinstance(params, dict) or set(params) != set(WEIGHT_NAMES):
        raise ValueError(
            f"params must be a dict with keys {list(WEIGHT_NAMES)}"
        )
    W_h, b_h, W_o, b_o = (
        _as_finite(params[name], f"params[{name!r}]") for name in WEIGHT_NAMES
    )
    if not (W_h.ndim == 2 and b_h.shape == (W_h.shape[0],)) or (
        W_o.shape != (1, len(b_h)) or b_o.shape != (1,)
    ):
        raise ValueError(
            "params: layer shapes don't fit together: "
            f"W_h {W_h.shape}, b_h {b_h.shape}, "
            f"W_o {W_o.shape}, b_o {b_o.shape}"
        )
    return {"W_h": W_h, "b_h": b_h, "W_o": W_o, "b_o": b_o}


def _checked(x, params):
    """x and params as float arrays that fit the network, or a clear error."""
    params = _checked_params(params)
    x = _as_finite(x, "x")
    n_inputs = params["W_h"].shape[1]
    if x.shape != (n_inputs,):
        raise ValueError(
            f"x must have shape ({n_inputs},), one value per input; "
            f"got shape {x.shape}"
        )
    return x, params


def _probability(y_hat) -> float:
    p = _as_finite(y_hat, "y_hat")
    if p.size != 1 or not 0 <= p.item() <= 1:
        raise ValueError(f"y_hat must be one probability in [0, 1], got {p}")
    return p.item()


# --8<-- [end:checks]


# --8<-- [start:loss]
def _check_label(y) -> None:
    if not (np.ndim(y) == 0 and y in (0, 1)):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")


EPSILON = 1e-15  # keeps log() away from log(0) = -infinity


def bce(y_hat, y):
    """Binary cross-entropy of one predicted probability y_hat against y."""
    _check_label(y)
    p = np.clip(_probability(y_hat), EPSILON, 1 - EPSILON)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def loss(params, x, y):
    return bce(forward(x, params)["y_hat"], y)


# --8<-- [end:loss]


# --8<-- [start:backward]
def backward(x, y, params, cache):
    """Gradients of the loss with respect to every parameter, by the chain rule.

    `cache` is what forward() returned. Also returns the intermediate
    gradients (dz_o, da_h, dz_h) so we can look at them.
    """
    x, params = _checked(x, params)
    _check_label(y)
    if not isinstance(cache, dict) or not {"z_h", "a_h", "y_hat"} <= set(cache):
        raise ValueError("cache must be what forward(x, params) returned")
    cache = {
        k: _as_finite(cache[k], f"cache[{k!r}]")
        for k in ("z_h", "a_h", "y_hat")
    }
    dz_o = cache["y_hat"] - y  # sigmoid + BCE: dL/dz_o simplifies to y_hat - y
    dW_o = np.outer(dz_o, cache["a_h"])  # because dz_o/dW_o = a_h
    db_o = dz_o  # because dz_o/db_o = 1
    da_h = params["W_o"].T @ dz_o  # the error, back through the output weights
    dz_h = da_h * (cache["z_h"] > 0)  # ReLU passes it on only where z_h > 0
    dW_h = np.outer(dz_h, x)  # because dz_h/dW_h = x
    db_h = dz_h
    grads = {"W_h": dW_h, "b_h": db_h, "W_o": dW_o, "b_o": db_o}
    return grads, {"dz_o": dz_o, "da_h": da_h, "dz_h": dz_h}


# --8<-- [end:backward]


# --8<-- [start:update]
LEARNING_RATE = 0.1  # the size of each step


def sgd_step(params, grads, learning_rate):
    """w_new = w_old - learning_rate * dL/dw, for every parameter."""
    learning_rate = _positive(learning_rate, "learning_rate")
    params = _checked_params(params)
    grads = _checked_grads(grads, params)
    return {name: params[name] - learning_rate * grads[name] for name in params}


def _positive(value, name: str) -> float:
    value = _as_finite(value, name)
    if value.ndim != 0 or value <= 0:
        raise ValueError(f"{name} must be one number above 0, got {value}")
    return float(value)


def _checked_grads(grads, params) -> dict:
    """grads as float arrays shaped like params, or a clear error."""
    if not isinstance(grads, dict) or set(grads) != set(params):
        raise ValueError("grads must be the dict that backward() returned")
    grads = {
        name: _as_finite(grads[name], f"grads[{name!r}]") for name in grads
    }
    for name, grad in grads.items():
        if grad.shape != params[name].shape:
            raise ValueError(
                f"grads[{name!r}] must have the shape of params[{name!r}], "
                f"{params[name].shape}, got {grad.shape}"
            )
    return grads


# --8<-- [end:update]


# --8<-- [start:gradcheck]
def numerical_gradients(params, x, y, eps=1e-6):
    """dL/dw = (L(w + eps) - L(w - eps)) / (2 eps), one weight at a time."""
    eps = _positive(eps, "eps")
    x, params = _checked(x, params)
    numeric = {}
    for name, value in params.items():
        numeric[name] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            change = loss(plus, x, y) - loss(minus, x, y)
            numeric[name][index] = change / (2 * eps)
    return numeric


def max_gradient_error(params, x, y, eps=1e-6):
    """The largest |backprop - finite difference| over all parameters."""
    numeric = numerical_gradients(params, x, y, eps)
    grads, _ = backward(x, y, params, forward(x, params))
    return max(float(np.max(np.abs(grads[k] - numeric[k]))) for k in params)


# --8<-- [end:gradcheck]


if __name__ == "__main__":
    # --8<-- [start:forward_demo]
    cache = forward(x, params)
    z_h, a_h, z_o, y_hat = (cache[k] for k in ("z_h", "a_h", "z_o", "y_hat"))
    print(f"Step 1  z_h = W_h x + b_h     = [{z_h[0]:.4f}, {z_h[1]:.4f}]")
    print(f"Step 2  a_h = ReLU(z_h)       = [{a_h[0]:.4f}, {a_h[1]:.4f}]")
    print(f"Step 3  z_o = W_o a_h + b_o   = {z_o[0]:.4f}")
    print(f"Step 4  y_hat = sigmoid(z_o)  = {y_hat[0]:.6f}")
    print(
        f"Class: {predicted_class(y_hat)} "
        "(class 1 if y_hat > 0.5, else class 0)"
    )
    # --8<-- [end:forward_demo]

    # --8<-- [start:backward_demo]
    cache = forward(x, params)
    y_hat = cache["y_hat"][0]
    print(f"y_hat = {y_hat:.6f}, y = {y:.0f}, loss = {loss(params, x, y):.6f}")
    grads, inner = backward(x, y, params, cache)

    def show(values) -> str:
        """A vector as [+0.123456, -0.654321]: signed, six decimals."""
        return "[" + ", ".join(f"{v:+.6f}" for v in values) + "]"

    print(f"dL/dz_o = y_hat - y        = {inner['dz_o'][0]:+.6f}")
    print(f"dL/dW_o = dz_o * a_h       = {show(grads['W_o'][0])}")
    print(f"dL/db_o = dz_o             = {grads['b_o'][0]:+.6f}")
    print(f"dL/da_h = W_o^T dz_o       = {show(inner['da_h'])}")
    print(f"dL/dz_h = da_h * ReLU'(z_h) = {show(inner['dz_h'])}")
    print(f"dL/dW_h = outer(dz_h, x)   = [{show(grads['W_h'][0])},")
    print(f"                              {show(grads['W_h'][1])}]")
    print(f"dL/db_h = dz_h             = {show(grads['b_h'])}")
    # --8<-- [end:backward_demo]

    # --8<-- [start:update_demo]
    new_params = sgd_step(params, grads, LEARNING_RATE)
    for key, labels in WEIGHT_NAMES.items():
        rows = zip(
            labels,
            params[key].ravel(),
            grads[key].ravel(),
            new_params[key].ravel(),
            strict=True,
        )
        for label, old, g, new in rows:
            update = f"{old:+.4f} - {LEARNING_RATE} * ({g:+.6f})"
            print(f"{label}: {update} = {new:+.6f}")
    before, after = loss(params, x, y), loss(new_params, x, y)
    y_hat_before = forward(x, params)["y_hat"][0]
    y_hat_after = forward(x, new_params)["y_hat"][0]
    print(f"y_hat: {y_hat_before:.6f} -> {y_hat_after:.6f}")
    print(f"loss:  {before:.6f} -> {after:.6f} (lower: {after < before})")
    # --8<-- [end:update_demo]

    # --8<-- [start:repeat_demo]
    trained = params
    for step in range(1, 51):
        grads_now, _ = backward(x, y, trained, forward(x, trained))
        trained = sgd_step(trained, grads_now, LEARNING_RATE)
        if step in (1, 10, 20, 50):
            print(
                f"after {step:2d} steps: loss {loss(trained, x, y):.6f}, "
                f"y_hat {forward(x, trained)['y_hat'][0]:.6f}"
            )
    # --8<-- [end:repeat_demo]

    # --8<-- [start:gradcheck_demo]
    grads, _ = backward(x, y, params, forward(x, params))
    numeric = numerical_gradients(params, x, y)
    print(f"{'weight':<8}{'backprop':>13}{'numerical':>13}")
    for key, labels in WEIGHT_NAMES.items():
        rows = zip(
            labels, grads[key].ravel(), numeric[key].ravel(), strict=True
        )
        for label, g, n in rows:
            print(f"{label:<8}{g:+13.8f}{n:+13.8f}")
    error = max_gradient_error(params, x, y)
    print(f"largest difference below 1e-7: {error < 1e-7}")
    # --8<-- [end:gradcheck_demo]
