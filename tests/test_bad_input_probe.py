"""Issue 11's acceptance probe: hundreds of bad calls, each refused by name.

table() holds one valid call of every public function (and class, and public
method) of every snippet module a page shows, written the way the module's demo
or tests call it. The probe then swaps one argument at a time for a value that
is always wrong for that argument's kind (see `bad_values`: NaN for a number,
an array holding inf, a number where a str belongs, -1 for a count...) and
calls again. A call passes only if it raises ValueError or TypeError and the
message names the argument. Anything else fails: another exception (IndexError,
KeyError...), a message that doesn't name the argument, a warning (warnings are
errors here, NumPy's overflow warnings included), or a return value, because
a result computed from a wrong input is silently wrong. ALLOWED lists the few
bad-looking values that a function rightly accepts, each with its reason; even
then, a result holding NaN or inf fails.

    .venv/bin/python -m pytest -q tests/test_bad_input_probe.py
    .venv/bin/python -m tests.test_bad_input_probe   # calls and failures per module

A public function added to a shown module without a row in table() (or a reason
in NOT_PROBED) fails test_every_public_function_is_probed.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import gzip
import inspect
import io
import os
import re
import struct
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import numpy as np

from snippets.ch1_ai_ml_dl import spam_detector
from snippets.ch2_mnist import mnist_mlp
from snippets.ch2_neural_networks import activations, losses, neuron, tiny_network, training
from snippets.ch3_types_of_learning import (
    bandit,
    contrastive,
    house_prices,
    self_supervised,
    sentiment,
)
from snippets.ch4_llms import attention, bpe, emergence, hosted_models, tiny_lm
from snippets.ch5_scaling_laws import model_selection, scaling

ROOT = Path(__file__).resolve().parents[1]
NOT_SHOWN = {"publish", "figures", "runs", "make_notebook"}  # pipeline, not pages
NAN, INF = float("nan"), float("inf")


# --- The kinds of argument, and the values that are always wrong for each ---

NUMBER_BAD = [
    ("nan", NAN),
    ("inf", INF),
    ("-inf", -INF),
    ("'1' (a str)", "1"),
    ("None", None),
    ("object()", object()),
]


def bad_values(kind: str, valid) -> list[tuple[str, object]]:
    """(label, value) pairs that are wrong for every argument of this kind.

    number        any real number: NaN, infinities and non-numbers
    non_negative  a number that can't be negative (a rate, a size, a tolerance)
    probability   a number in [0, 1]
    count         a whole number >= 0 (a size, a seed, an index)
    text, flag    a str; True or False
    strings       a list of str
    array         numbers in an array of a fixed number of dimensions
    any_shape     numbers in an array of any shape (element-wise functions)
    ids           a 1-D sequence of token IDs (or other indices)
    object        anything else: a model, a generator, a dict of parameters
    """
    if kind == "number":
        return NUMBER_BAD
    if kind == "non_negative":
        return [*NUMBER_BAD, ("-1.0", -1.0)]
    if kind == "probability":
        return [*NUMBER_BAD, ("-0.1", -0.1), ("1.1", 1.1)]
    if kind == "count":
        return [*NUMBER_BAD, ("True", True), ("-1", -1), ("2.5", 2.5)]
    if kind == "text":
        return [("123", 123), ("None", None), ("b'bytes'", b"bytes")]
    if kind == "flag":
        return [("None", None), ("'yes'", "yes"), ("2", 2)]
    if kind == "strings":
        return [("a list holding 1", [1, *valid[1:]]), ("None", None), ("one str", "word")]
    if kind == "object":
        return [("None", None), ("'text'", "text"), ("object()", object())]
    array = np.array(valid)
    floats = array if array.dtype.kind == "f" else array.astype(float)
    wrong_ndim = (f"{array.ndim + 1}-D array", array[np.newaxis])
    if kind == "ids":
        negative = array.copy()
        negative.flat[-1] = -1
        return [
            ("a negative ID", negative),
            ("float IDs", floats + 0.5),
            ("array with nan", with_last(floats, NAN)),
            ("str array", np.full(array.shape, "a")),
            ("None", None),
            wrong_ndim,
        ]
    values = [
        ("array with nan", with_last(floats, NAN)),
        ("array with inf", with_last(floats, INF)),
        ("str array", np.full(array.shape, "a")),
        ("None", None),
    ]
    if kind == "array":
        values += [wrong_ndim, ("empty array", array[:0])]
    elif kind != "any_shape":
        raise ValueError(f"unknown kind {kind!r}")
    return values


def with_last(array: np.ndarray, value: float) -> np.ndarray:
    """A copy of a float array with its last entry set to value."""
    changed = array.copy()
    changed.flat[-1] = value
    return changed


def kind_of(value) -> str:
    """The kind of an argument, from the type of its valid value."""
    if isinstance(value, bool | np.bool_):
        return "flag"
    if isinstance(value, int | np.integer):
        return "count"
    if isinstance(value, float | np.floating):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return "strings"
    if isinstance(value, np.ndarray | list | tuple):
        with contextlib.suppress(ValueError):  # ragged: not an array
            if np.asarray(value).dtype.kind in "iuf":
                return "array"
    return "object"


# --- One valid call per function ---


@dataclasses.dataclass
class Case:
    """A valid call, and what to vary in it."""

    function: Callable
    arguments: dict  # parameter name -> valid value, defaults included
    kinds: dict = dataclasses.field(default_factory=dict)  # overrides kind_of()
    extra: dict = dataclasses.field(default_factory=dict)  # more bad values
    names: dict = dataclasses.field(default_factory=dict)  # how messages name them
    needs_network: bool = False  # the valid call would send a request

    @property
    def module(self) -> str:
        return self.function.__module__.removeprefix("snippets.")

    @property
    def name(self) -> str:
        return f"{self.module.split('.')[-1]}.{self.function.__qualname__}"

    def kind(self, parameter: str) -> str:
        return self.kinds.get(parameter) or kind_of(self.arguments[parameter])

    def as_kinds(self, **kinds: str) -> Case:
        self.kinds.update(kinds)
        return self

    def with_bad(self, **extra: list) -> Case:
        """Bad values that only this function's arguments can have."""
        self.extra.update(extra)
        return self

    def named(self, **names: str) -> Case:
        """A checking helper's messages name the argument it checks for its
        caller (check_int("epochs", value, 1) says "epochs ...")."""
        self.names.update(names)
        return self

    def sends_requests(self) -> Case:
        self.needs_network = True
        return self


def valid(function: Callable, *args, **kwargs) -> Case:
    """The call function(*args, **kwargs), which must succeed."""
    signature = inspect.signature(function)
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return Case(function, dict(bound.arguments))


def table() -> list[Case]:
    """One valid call per public function, shown module by shown module."""
    sd = spam_detector
    emails, labels = (list(column) for column in zip(*sd.TRAIN_EMAILS, strict=True))
    spam_model = sd.train_spam_model(emails, labels)

    x3 = np.array([-2.0, 0.0, 2.0])
    elementwise = [
        activations.relu,
        activations.relu_derivative,
        activations.sigmoid,
        activations.sigmoid_derivative,
        activations.tanh,
        activations.tanh_derivative,
        activations.gelu,
        activations.gelu_derivative,
        activations.gelu_tanh,
        activations.gelu_tanh_derivative,
    ]

    tn = tiny_network
    cache = tn.forward(tn.x, tn.params)
    grads, _ = tn.backward(tn.x, tn.y, tn.params, cache)
    nan_params = {**tn.params, "W_h": with_last(tn.params["W_h"], NAN)}
    nan_cache = {**cache, "y_hat": np.array([NAN])}

    x20, y20 = training.make_toy_data(20)
    x200, y200 = training.make_toy_data(200)
    run_losses, _ = training.train(x20, y20, 0.1, 3, 5)

    mm = mnist_mlp
    images = np.random.default_rng(0).random((6, 4), dtype=np.float32)  # in [0, 1)
    digits = np.array([0, 1, 2, 0, 1, 2])
    layers = (4, 3, 3)
    net = mm.init_params(layers, np.random.default_rng(0))
    probs, outputs = mm.forward(net, images)
    net_grads = mm.backward(net, outputs, digits)
    idx_labels = gzip.compress(struct.pack(">II", mm.LABELS_MAGIC, 3) + bytes([1, 2, 3]))
    mnist_dir = str(ROOT / "data" / "mnist")
    unscaled, short = images * 255, digits[:-1]  # issue 11's silent mistakes

    rng = np.random.default_rng
    arms = bandit.Bandit([0.2, 0.8, 0.5], rng(0))
    agent = bandit.EpsilonGreedyAgent(3, 0.1, rng(0))
    ct = contrastive
    z_a, z_b = rng(7).standard_normal((2, 4, 32))
    ss = self_supervised
    tokens = ss.tokenize(ss.SENTENCE)
    example = ss.make_mlm_example(tokens, rng(0))
    masked_position = min(example.targets)
    texts, stars = (list(column) for column in zip(*sentiment.REVIEWS, strict=True))
    review_model = sentiment.train_sentiment_model(texts, stars)

    embedding, w_query, w_key, w_value = attention.random_layer(5, 8, 4, 0)
    x_tokens = embedding[[0, 1, 2, 3, 4, 0]]
    heads = [rng(0).normal(0, 0.3, (3, 8, 4)) for _ in range(2)]
    merges = bpe.train_bpe("the cat sat on the mat. the cat ate.", 262)
    tokenizer = bpe.BPETokenizer(merges)
    vocab = tiny_lm.Vocabulary(tiny_lm.tokenize(tiny_lm.CORPUS))
    ids = vocab.encode(tiny_lm.CORPUS)
    table_W, _ = tiny_lm.train_bigram(ids, len(vocab), 5, 20.0)
    current, nxt = tiny_lm.bigram_pairs(ids)
    prompt = "Name three planets."

    gpt3 = scaling.MODELS[1]
    return [
        # ch1_ai_ml_dl
        valid(sd.is_spam_by_rules, "Congratulations, you won! Click here to claim."),
        valid(sd.train_spam_model, emails, labels).with_bad(labels=[labels[:-1], [2] * 40]),
        valid(sd.spam_probability, spam_model, "Free money, click here"),
        valid(sd.compare_detectors, sd.TRAIN_EMAILS, sd.HELD_OUT_EMAILS).with_bad(
            train=[[("Free money", 2), ("Lunch?", 0)]],
            held_out=[[("Free money", 2)], [("Free money", 1, 0)]],
        ),
        # ch2_neural_networks
        *(valid(f, x3).as_kinds(x="any_shape") for f in elementwise),
        valid(activations.leaky_relu, x3, alpha=0.01).as_kinds(x="any_shape", alpha="probability"),
        valid(activations.leaky_relu_derivative, x3, 0.01).as_kinds(
            x="any_shape", alpha="probability"
        ),
        valid(activations.largest_approximation_gap, activations.GAP_POINTS),
        valid(activations.softmax, activations.LOGITS),
        valid(activations.softmax_jacobian, activations.LOGITS),
        # the textbook formula, shown to overflow: it normalises any shape
        valid(activations.naive_softmax, activations.LOGITS).as_kinds(logits="any_shape"),
        valid(activations.comparison_rows, activations.TABLE_POINTS),
        valid(losses.mse_loss, losses.HOUSE_PRICES, losses.PREDICTED_PRICES),
        valid(losses.mse_derivative, losses.HOUSE_PRICES, losses.PREDICTED_PRICES),
        valid(losses.binary_cross_entropy, losses.SPAM_LABELS, losses.GOOD_PREDICTIONS).with_bad(
            y_true=[np.array([1, 0, 2, 1])], y_pred=[np.array([0.9, 0.1, 1.5, 0.7])]
        ),
        valid(
            losses.categorical_cross_entropy,
            losses.CAT_ONE_HOT,
            np.array(losses.CAT_PREDICTIONS[0]),
        ).with_bad(y_pred=[np.array([0.7, 0.2, 0.2])]),
        valid(neuron.party_score, neuron.TONIGHT, neuron.PARTY_WEIGHTS, neuron.PARTY_BIAS),
        valid(neuron.go_to_party, neuron.TONIGHT, threshold=0.0),
        valid(neuron.Neuron, n_inputs=3, seed=42),
        valid(neuron.Neuron(3, seed=42).weighted_sum, neuron.EXAMPLE_INPUT),
        valid(neuron.Neuron(3, seed=42).forward, neuron.EXAMPLE_INPUT),
        valid(tn.relu, cache["z_h"]).as_kinds(z="any_shape"),
        valid(tn.sigmoid, cache["z_o"]).as_kinds(z="any_shape"),
        valid(tn.forward, tn.x, tn.params).with_bad(params=[nan_params]),
        valid(tn.predicted_class, cache["y_hat"]).as_kinds(y_hat="any_shape"),
        valid(tn.bce, cache["y_hat"], tn.y).as_kinds(y_hat="any_shape"),
        valid(tn.loss, tn.params, tn.x, tn.y).with_bad(params=[nan_params]),
        valid(tn.backward, tn.x, tn.y, tn.params, cache).with_bad(cache=[nan_cache]),
        valid(tn.sgd_step, tn.params, grads, 0.1).as_kinds(learning_rate="non_negative"),
        valid(tn.numerical_gradients, tn.params, tn.x, tn.y).as_kinds(eps="non_negative"),
        valid(tn.max_gradient_error, tn.params, tn.x, tn.y).as_kinds(eps="non_negative"),
        valid(training.make_toy_data, n=20, seed=0),
        valid(training.mse, 3.0, 2.0, x20, y20),
        valid(training.train, x20, y20, 0.1, 3, 5).as_kinds(learning_rate="non_negative"),
        valid(training.best_possible_loss, x20, y20),
        valid(training.verdict, run_losses, 0.2).as_kinds(best="non_negative"),
        valid(training.largest_stable_learning_rate, x20),
        valid(training.learning_rate_experiment, x20, y20, epochs=3),
        valid(training.batch_size_experiment, x200, y200, 0.05, 1).as_kinds(
            learning_rate="non_negative"
        ),
        # ch2_mnist
        valid(mm.parse_idx, "labels.gz", idx_labels, mm.LABELS_MAGIC),
        valid(mm.read_mnist_file, mnist_dir, "train_labels"),
        valid(mm.load_mnist, mnist_dir),
        valid(mm.split_off_validation, images, digits, 2, seed=0).with_bad(labels=[short]),
        valid(mm.check_layer_sizes, layers),
        valid(mm.check_activation, "relu").with_bad(activation=["ReLU"]),
        valid(mm.check_images, images, 4).with_bad(X=[unscaled]),
        valid(mm.check_labels, digits, 6, 3).with_bad(labels=[short, digits + 1]),
        valid(mm.init_params, layers, rng(0)),
        valid(mm.count_params, net),
        valid(mm.relu, images.copy()).as_kinds(Z="any_shape"),
        valid(mm.sigmoid, images.copy()).as_kinds(Z="any_shape"),
        valid(mm.softmax, images.copy()),
        valid(mm.cross_entropy, probs, digits).with_bad(labels=[short, digits + 1]),
        valid(mm.forward, net, images, "relu").with_bad(X=[unscaled], activation=["ReLU"]),
        valid(mm.backward, net, outputs, digits, "relu").with_bad(
            labels=[short], activation=["ReLU"]
        ),
        valid(mm.check_rates, 0.1, 0.9).as_kinds(lr="non_negative", momentum="probability"),
        valid(mm.sgd_update, net, net_grads, 0.1, mm.zeros_like_params(net), momentum=0.9).as_kinds(
            lr="non_negative", momentum="probability"
        ),
        valid(mm.zeros_like_params, net),
        valid(mm.evaluate, net, images, digits, "relu").with_bad(
            X=[unscaled], labels=[short], activation=["ReLU"]
        ),
        valid(mm.train, images, digits, images, digits, layers, 1, 3, log_epochs=(1,))
        .as_kinds(lr="non_negative", momentum="probability")
        .with_bad(X_train=[unscaled], y_train=[short], activation=["ReLU"]),
        valid(mm.matmul_flops_per_image, layers),
        # ch3_types_of_learning
        valid(bandit.Bandit, [0.2, 0.8, 0.5], rng(0)),
        valid(arms.pull, 1).with_bad(arm=[3]),
        valid(bandit.EpsilonGreedyAgent, 3, 0.1, rng(0)).as_kinds(epsilon="probability"),
        valid(agent.learn, 1, 0.5).with_bad(arm=[3]),
        valid(bandit.run_experiment, 0.1, n_runs=2, n_steps=5, n_arms=3).as_kinds(
            epsilon="probability"
        ),
        valid(ct.cosine_similarity, ct.ANCHOR, ct.POSITIVE),
        valid(ct.logsumexp, [1.0, 2.0, 3.0]),
        valid(ct.info_nce_loop, ct.ANCHOR, ct.POSITIVE, ct.NEGATIVES).as_kinds(
            temperature="non_negative"
        ),
        valid(ct.info_nce_batched, z_a, z_b).as_kinds(temperature="non_negative"),
        valid(house_prices.fit_prices, house_prices.HOUSES, house_prices.PRICES),
        valid(house_prices.linear_relations, house_prices.HOUSES, house_prices.FEATURES).as_kinds(
            tol="non_negative"
        ),
        valid(ss.tokenize, ss.SENTENCE),
        valid(ss.masked_count, 20, 0.15).as_kinds(mask_rate="probability"),
        valid(ss.make_mlm_example, tokens, rng(0), vocab=["cat", "dog"]).as_kinds(
            mask_rate="probability"
        ),
        valid(ss.next_token_pairs, tokens),
        valid(ss.shifted_inputs_and_targets, tokens),
        valid(ss.attention_mask, 6, causal=True),
        valid(example.how_shown, masked_position).with_bad(position=[len(tokens)]),
        valid(sentiment.train_sentiment_model, texts, stars),
        valid(sentiment.positive_probability, review_model, "This was wonderful!"),
        valid(sentiment.known_features, review_model, "This was wonderful!"),
        valid(sentiment.word_weight, review_model, "amazing"),
        # ch4_llms
        valid(attention.softmax, np.array([[1.0, 2.0], [3.0, -INF]])).as_kinds(scores="any_shape"),
        valid(attention.causal_mask, 6),
        valid(attention.self_attention, x_tokens, w_query, w_key, w_value),
        valid(attention.multi_head_attention, x_tokens, heads, rng(0).normal(size=(8, 8))),
        valid(attention.random_layer, 5, 8, 4, 0),
        valid(bpe.read_pages, str(ROOT / "docs")),
        valid(bpe.train_bpe, "the cat sat on the mat", 260),
        valid(bpe.vocabulary, merges).as_kinds(merges="ids").with_bad(merges=[[(0, 9999)]]),
        valid(bpe.BPETokenizer, merges).as_kinds(merges="ids").with_bad(merges=[[(0, 9999)]]),
        valid(tokenizer.encode, "the cat"),
        valid(tokenizer.decode, tokenizer.encode("the cat"))
        .as_kinds(ids="ids")
        .with_bad(ids=[[len(tokenizer)]]),
        valid(emergence.exact_match_accuracy, 0.9, 10).as_kinds(per_token_accuracy="probability"),
        *hosted_cases(prompt),
        valid(tiny_lm.check_int, "epochs", 5, 1).named(value="epochs"),
        valid(tiny_lm.check_finite, "lr", 0.5).named(value="lr"),
        valid(tiny_lm.check_ids, ids[:5], len(vocab))
        .as_kinds(ids="ids")
        .with_bad(ids=[[len(vocab)]]),
        valid(tiny_lm.check_logits, table_W[0]),
        valid(tiny_lm.check_table, table_W, len(vocab)),
        valid(tiny_lm.tokenize, "The cat sat."),
        valid(tiny_lm.Vocabulary, tiny_lm.tokenize(tiny_lm.CORPUS)),
        valid(vocab.encode, "the cat sat"),
        valid(vocab.decode, ids[:5]).as_kinds(ids="ids").with_bad(ids=[[len(vocab)]]),
        valid(tiny_lm.softmax, table_W[0], 1.0).as_kinds(
            logits="any_shape", temperature="non_negative"
        ),
        valid(tiny_lm.bigram_pairs, ids).as_kinds(ids="ids"),
        valid(tiny_lm.loss_and_gradient, table_W, current, nxt)
        .as_kinds(current="ids", nxt="ids")
        .with_bad(current=[np.full_like(current, len(vocab))]),
        valid(tiny_lm.train_bigram, ids, len(vocab), 5, 20.0)
        .as_kinds(ids="ids", lr="non_negative")
        .with_bad(ids=[[len(vocab)]]),
        valid(tiny_lm.top_k_filter, table_W[0], 3).as_kinds(logits="any_shape"),
        valid(tiny_lm.sample_next, table_W[0], rng(0), 1.0, 3).as_kinds(
            logits="any_shape", temperature="non_negative"
        ),
        valid(tiny_lm.generate, table_W, vocab, "the cat", 5, 1.0, 3, seed=1).as_kinds(
            temperature="non_negative"
        ),
        # ch5_scaling_laws
        valid(scaling.matmul_flops, (32, 512), (512, 2048)).with_bad(
            a_shape=[(-1, 512), (2.5, 512), (True, 512)]
        ),
        valid(scaling.training_compute, 10e9, 200e9).as_kinds(
            n_params="non_negative", n_tokens="non_negative"
        ),
        valid(scaling.chinchilla_optimal_tokens, 10e9).as_kinds(n_params="non_negative"),
        valid(scaling.compute_optimal_allocation, 1e23).as_kinds(compute_budget="non_negative"),
        valid(scaling.human, 1.5e9).as_kinds(count="non_negative"),
        valid(scaling.chinchilla_multiple, 13e9, 2e12).as_kinds(
            n_params="non_negative", n_tokens="non_negative"
        ),
        valid(scaling.training_regime, 13e9, 2e12).as_kinds(
            n_params="non_negative", n_tokens="non_negative"
        ),
        valid(scaling.PublishedModel, gpt3.name, 175e9, 175e9, 300e9).as_kinds(
            total_params="non_negative",
            active_params="non_negative",
            training_tokens="non_negative",
        ),
        valid(scaling.print_scaling_table, list(scaling.MODELS[:2])).with_bad(
            models=[[gpt3, "GPT-3"]]
        ),
        valid(model_selection.recommend_model, "code_generation", data_must_stay_in_house=True),
    ]


def hosted_cases(prompt: str) -> list[Case]:
    """The hosted-model calls. The probe runs them with no API key set, so a
    bad value that gets past the checks stops at MissingAPIKeyError (a
    failure), before any request."""
    hm = hosted_models
    models = ["openai:gpt-5-nano", "anthropic:claude-haiku-4-5"]
    return [
        valid(hm.api_key, "openai"),
        valid(hm.ask_openai, prompt, "gpt-5-mini", 50, temperature=0.5)
        .as_kinds(temperature="non_negative")
        .sends_requests(),
        valid(hm.ask_anthropic, prompt, "claude-haiku-4-5", 50).sends_requests(),
        valid(hm.parse_model, "openai:gpt-5-mini"),
        valid(hm.check_models, prompt, models, 50),
        valid(hm.compare_models, prompt, models, 50).sends_requests(),
    ]


# Public callables with nothing to probe, and why.
NOT_PROBED = {
    "spam_detector.Verdict": "a record built by compare_detectors()",
    "spam_detector.Comparison": "a record built by compare_detectors()",
    "bandit.Curves": "a record built by run_experiment()",
    "self_supervised.MaskedExample": "a record built by make_mlm_example()",
    "model_selection.Recommendation": "a record built by recommend_model()",
    "hosted_models.main": "the command line: argparse answers bad arguments with exit status 2",
}

# Bad-looking values that a function rightly accepts: (function, parameter,
# label of the value, or None for every value) -> why.
ALLOWED = {
    ("training.verdict", "losses", "array with inf"): (
        "train() ends a diverging run with an inf loss; 'diverged' is the right verdict"
    ),
    ("scaling.PublishedModel", "training_tokens", "None"): "None: the paper gives no token count",
    ("tiny_lm.top_k_filter", "top_k", "None"): "top_k=None keeps every logit, as in sample_next",
    ("mnist_mlp.parse_idx", "path", None): "path only names the file in error messages",
    ("mnist_mlp.check_images", "name", None): "name only labels the error message",
    ("mnist_mlp.check_labels", "name", None): "name only labels the error message",
    ("tiny_lm.check_int", "name", None): "name only labels the error message",
    ("tiny_lm.check_int", "minimum", "-1"): (
        "minimum is a lower bound, and any integer is one: 5 >= -1 rightly passes"
    ),
    ("tiny_lm.check_ids", "name", None): "name only labels the error message",
    ("tiny_lm.check_finite", "name", None): "name only labels the error message",
}


# --- The probe ---


@dataclasses.dataclass(frozen=True)
class Outcome:
    function: str
    module: str
    parameter: str
    value: str  # the bad value's label
    problem: str | None  # None: refused by name (or rightly accepted)

    def __str__(self) -> str:
        return f"{self.function}({self.parameter}={self.value}): {self.problem}"[:160]


def holds_nan_or_inf(result) -> bool:
    if isinstance(result, dict):
        return any(map(holds_nan_or_inf, result.values()))
    if isinstance(result, list | tuple):
        return any(map(holds_nan_or_inf, result))
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return holds_nan_or_inf(vars(result))
    if isinstance(result, float | np.floating | np.ndarray):
        return np.asarray(result).dtype.kind == "f" and not np.isfinite(result).all()
    return False


def call_with(case: Case, parameter: str, value):
    """The case's call with one argument replaced, warnings raised as errors."""
    arguments = copy.deepcopy(case.arguments)
    arguments[parameter] = value
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("error")
        return case.function(**arguments)


def problem_with(case: Case, parameter: str, label: str, value) -> str | None:
    """None if the bad call is refused by name, else what went wrong."""
    try:
        result = call_with(case, parameter, value)
    except (ValueError, TypeError) as error:
        name = case.names.get(parameter, parameter)
        if re.search(rf"\b{re.escape(name)}\b", str(error), re.IGNORECASE):
            return None
        return f"{type(error).__name__} not naming {name}: {error}"
    except Exception as error:  # any other exception is the finding
        return f"{type(error).__name__}: {error}"
    reason = ALLOWED.get((case.name, parameter, label)) or ALLOWED.get((case.name, parameter, None))
    if reason and not holds_nan_or_inf(result):
        return None
    shown = re.sub(r"\s+", " ", repr(result))[:60]
    return f"returned {shown}"


def probe(cases: list[Case] | None = None) -> list[Outcome]:
    """Every bad call of every case, with no API key in the environment."""
    outcomes = []
    no_keys = {"OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": ""}
    with mock.patch.dict(os.environ, no_keys):
        for case in table() if cases is None else cases:
            signature = inspect.signature(case.function).parameters
            for parameter in case.arguments:
                bad = bad_values(case.kind(parameter), case.arguments[parameter])
                bad += [(short_repr(v), v) for v in case.extra.get(parameter, [])]
                for label, value in bad:
                    if value is None and signature[parameter].default is None:
                        continue  # None is this parameter's documented default
                    problem = problem_with(case, parameter, label, value)
                    outcomes.append(Outcome(case.name, case.module, parameter, label, problem))
    return outcomes


def short_repr(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array({np.array2string(value.ravel()[:4], separator=',')})"
    return re.sub(r"\s+", " ", repr(value))[:40]


def summary(outcomes: list[Outcome]) -> str:
    """Calls and failures per module, then every failure."""
    calls = Counter(o.module for o in outcomes)
    failed = Counter(o.module for o in outcomes if o.problem)
    functions = {m: len({o.function for o in outcomes if o.module == m}) for m in calls}
    lines = [
        f"{len(outcomes)} bad calls, {sum(failed.values())} not refused by name",
        f"{'module':<42}{'functions':>10}{'calls':>7}{'failed':>8}",
    ]
    for module in sorted(calls):
        lines.append(f"{module:<42}{functions[module]:>10}{calls[module]:>7}{failed[module]:>8}")
    lines += [str(o) for o in outcomes if o.problem]
    return "\n".join(lines)


# --- The tests ---


def test_every_bad_call_is_refused_by_name():
    outcomes = probe()
    assert len(outcomes) > 300, summary(outcomes)
    assert not any(o.problem for o in outcomes), summary(outcomes)


FILTERS_WITH_INF = {"tiny_lm.top_k_filter"}  # -inf marks each logit it rules out


def test_the_valid_calls_succeed():
    """The table's calls are right, so each refusal is the bad value's doing."""
    keys = {"OPENAI_API_KEY": "sk-test", "ANTHROPIC_API_KEY": "sk-ant-test"}
    broken = []
    with mock.patch.dict(os.environ, keys):
        for case in table():
            if case.needs_network:
                continue
            try:
                with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                    warnings.simplefilter("error")
                    result = case.function(**copy.deepcopy(case.arguments))
            except Exception as error:
                broken.append(f"{case.name}: {type(error).__name__}: {error}")
                continue
            if holds_nan_or_inf(result) and case.name not in FILTERS_WITH_INF:
                broken.append(f"{case.name}: returned NaN or inf")
    assert not broken, "\n".join(broken)


def shown_modules() -> set[str]:
    """chapter.module for every snippet module a page includes."""
    included = set()
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        included |= set(re.findall(r"snippets/(\w+)/(\w+)\.py", text))
    return {f"{chapter}.{module}" for chapter, module in included if module not in NOT_SHOWN}


def public_callables(module) -> set[str]:
    """module.function, module.Class and module.Class.method, if public and
    taking at least one argument."""
    short = module.__name__.split(".")[-1]
    names = set()
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(member) and issubclass(member, BaseException):
            continue
        if inspect.isfunction(member) or inspect.isclass(member):
            names.add(f"{short}.{name}")
        if inspect.isclass(member):
            for attribute, method in vars(member).items():
                if not attribute.startswith("_") and inspect.isfunction(method):
                    names.add(f"{short}.{name}.{attribute}")
    takes_arguments = set()
    for name in names:
        member = module
        for part in name.split(".")[1:]:
            member = getattr(member, part)
        parameters = [p for p in inspect.signature(member).parameters if p != "self"]
        if parameters:
            takes_arguments.add(name)
    return takes_arguments


def test_every_public_function_is_probed():
    import importlib

    probed = {case.name for case in table()}
    missing = []
    for name in sorted(shown_modules()):
        module = importlib.import_module(f"snippets.{name}")
        missing += sorted(public_callables(module) - probed - set(NOT_PROBED))
    assert not missing, f"add a valid call to table() for: {', '.join(missing)}"


if __name__ == "__main__":
    print(summary(probe()))
