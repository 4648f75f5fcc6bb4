"""A 2-2-1 network worked through by hand: forward pass, loss, backward pass, update.

Chapter 2.4 (forward propagation) and 2.6 (backpropagation) of the course. The pages
show this module section by section; run the whole file to see every step:

    python snippets/ch2_neural_networks/tiny_network.py
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
            [-0.2, 0.6],
        ]
    ),  # w3 (x1 -> h2), w4 (x2 -> h2)
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
    return np.maximum(0.0, z)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(x, params):
    """Input -> hidden (ReLU) -> output (sigmoid). Returns every intermediate value."""
    W_h, b_h, W_o, b_o = (
        params["W_h"],
        params["b_h"],
        params["W_o"],
        params["b_o"],
    )
    x = np.asarray(x, dtype=float)
    if x.shape != (W_h.shape[1],):
        raise ValueError(
            f"the network takes {W_h.shape[1]} inputs, got an input of shape {x.shape}"
        )
    if (
        b_h.shape != (W_h.shape[0],)
        or W_o.shape[1] != W_h.shape[0]
        or b_o.shape != (W_o.shape[0],)
    ):
        raise ValueError(
            "layer shapes don't fit together: "
            f"W_h {W_h.shape}, b_h {b_h.shape}, W_o {W_o.shape}, b_o {b_o.shape}"
        )
    z_h = W_h @ x + b_h  # step 1: hidden weighted sums
    a_h = relu(z_h)  # step 2: hidden activations
    z_o = W_o @ a_h + b_o  # step 3: output weighted sum
    y_hat = sigmoid(z_o)  # step 4: output activation, a probability
    return {"z_h": z_h, "a_h": a_h, "z_o": z_o, "y_hat": y_hat}


# --8<-- [end:forward]


# --8<-- [start:loss]
def bce(y_hat, y):
    """Binary cross-entropy of one prediction y_hat (a probability) against label y."""
    if y not in (0, 1):
        raise ValueError(f"the label must be 0 or 1, got {y!r}")
    p = float(np.squeeze(y_hat))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def loss(params, x, y):
    return bce(forward(x, params)["y_hat"], y)


# --8<-- [end:loss]


# --8<-- [start:backward]
def backward(x, y, params, cache):
    """Gradients of the loss with respect to every parameter, by the chain rule.

    `cache` is what forward() returned. Also returns the intermediate gradients
    (dz_o, da_h, dz_h) so we can look at them.
    """
    x = np.asarray(x, dtype=float)
    dz_o = cache["y_hat"] - y  # sigmoid + BCE: dL/dz_o simplifies to y_hat - y
    dW_o = np.outer(dz_o, cache["a_h"])  # because dz_o/dW_o = a_h
    db_o = dz_o  # because dz_o/db_o = 1
    da_h = (
        params["W_o"].T @ dz_o
    )  # send the error back through the output weights
    dz_h = da_h * (
        cache["z_h"] > 0
    )  # ReLU passes the gradient only where z_h > 0
    dW_h = np.outer(dz_h, x)  # because dz_h/dW_h = x
    db_h = dz_h
    grads = {"W_h": dW_h, "b_h": db_h, "W_o": dW_o, "b_o": db_o}
    return grads, {"dz_o": dz_o, "da_h": da_h, "dz_h": dz_h}


# --8<-- [end:backward]


# --8<-- [start:update]
def sgd_step(params, grads, learning_rate):
    """w_new = w_old - learning_rate * dL/dw, for every parameter."""
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    return {name: params[name] - learning_rate * grads[name] for name in params}


# --8<-- [end:update]


# --8<-- [start:gradcheck]
def numerical_gradients(params, x, y, eps=1e-6):
    """Central finite differences: (L(w + eps) - L(w - eps)) / (2 eps), one weight at a time."""
    numeric = {}
    for name, value in params.items():
        numeric[name] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric[name][index] = (loss(plus, x, y) - loss(minus, x, y)) / (
                2 * eps
            )
    return numeric


def max_gradient_error(params, x, y, eps=1e-6):
    """The largest |backprop - finite difference| over all parameters."""
    grads, _ = backward(x, y, params, forward(x, params))
    numeric = numerical_gradients(params, x, y, eps)
    return max(float(np.max(np.abs(grads[k] - numeric[k]))) for k in params)


# --8<-- [end:gradcheck]


if __name__ == "__main__":
    # --8<-- [start:forward_demo]
    cache = forward(x, params)
    z_h, a_h, z_o, y_hat = (
        cache["z_h"],
        cache["a_h"],
        cache["z_o"],
        cache["y_hat"],
    )
    print(f"Step 1  z_h = W_h x + b_h     = [{z_h[0]:.4f}, {z_h[1]:.4f}]")
    print(f"Step 2  a_h = ReLU(z_h)       = [{a_h[0]:.4f}, {a_h[1]:.4f}]")
    print(f"Step 3  z_o = W_o a_h + b_o   = {z_o[0]:.4f}")
    print(f"Step 4  y_hat = sigmoid(z_o)  = {y_hat[0]:.6f}")
    predicted_class = int(y_hat[0] > 0.5)
    print(f"Class: {predicted_class} (class 1 if y_hat > 0.5, else class 0)")
    # --8<-- [end:forward_demo]

    # --8<-- [start:backward_demo]
    cache = forward(x, params)
    print(
        f"y_hat = {cache['y_hat'][0]:.6f}, y = {y:.0f}, loss = {loss(params, x, y):.6f}"
    )
    grads, inner = backward(x, y, params, cache)
    print(f"dL/dz_o = y_hat - y        = {inner['dz_o'][0]:+.6f}")
    print(
        f"dL/dW_o = dz_o * a_h       = [{grads['W_o'][0, 0]:+.6f}, {grads['W_o'][0, 1]:+.6f}]"
    )
    print(f"dL/db_o = dz_o             = {grads['b_o'][0]:+.6f}")
    print(
        f"dL/da_h = W_o^T dz_o       = [{inner['da_h'][0]:+.6f}, {inner['da_h'][1]:+.6f}]"
    )
    print(
        f"dL/dz_h = da_h * ReLU'(z_h) = [{inner['dz_h'][0]:+.6f}, {inner['dz_h'][1]:+.6f}]"
    )
    print(
        f"dL/dW_h = outer(dz_h, x)   = [[{grads['W_h'][0, 0]:+.6f}, {grads['W_h'][0, 1]:+.6f}],"
    )
    print(
        f"                              [{grads['W_h'][1, 0]:+.6f}, {grads['W_h'][1, 1]:+.6f}]]"
    )
    print(
        f"dL/db_h = dz_h             = [{grads['b_h'][0]:+.6f}, {grads['b_h'][1]:+.6f}]"
    )
    # --8<-- [end:backward_demo]

    # --8<-- [start:update_demo]
    learning_rate = 0.1
    new_params = sgd_step(params, grads, learning_rate)
    for key, labels in WEIGHT_NAMES.items():
        for label, old, g, new in zip(
            labels,
            params[key].ravel(),
            grads[key].ravel(),
            new_params[key].ravel(),
        ):
            print(
                f"{label}: {old:+.4f} - {learning_rate} * ({g:+.6f}) = {new:+.6f}"
            )
    before, after = loss(params, x, y), loss(new_params, x, y)
    print(
        f"y_hat: {forward(x, params)['y_hat'][0]:.6f} -> {forward(x, new_params)['y_hat'][0]:.6f}"
    )
    print(f"loss:  {before:.6f} -> {after:.6f} (lower: {after < before})")
    # --8<-- [end:update_demo]

    # --8<-- [start:repeat_demo]
    trained = params
    for step in range(1, 51):
        grads_now, _ = backward(x, y, trained, forward(x, trained))
        trained = sgd_step(trained, grads_now, learning_rate)
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
        for label, g, n in zip(
            labels, grads[key].ravel(), numeric[key].ravel()
        ):
            print(f"{label:<8}{g:+13.8f}{n:+13.8f}")
    print(
        f"largest difference below 1e-7: {max_gradient_error(params, x, y) < 1e-7}"
    )
    # --8<-- [end:gradcheck_demo]
