"""Values, tables, plots and text that the chapter-4 page quotes.

Regenerate with `make outputs`. Every demo setting comes from the module that
the page shows, so nothing here repeats an input the page already states.
"""

import inspect
import os
import subprocess
import sys
import typing
import unicodedata
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np

from snippets.ch4_llms import attention, bpe, hosted_models
from snippets.ch4_llms.emergence import ANSWER_LENGTHS, exact_match_accuracy
from snippets.ch4_llms.tiny_lm import (
    CONTEXT_WORD,
    CORPUS,
    DECODING,
    EPOCHS,
    LEARNING_RATE,
    MAX_NEW_TOKENS,
    PROMPT,
    SEEDS,
    TEMPERATURES,
    Vocabulary,
    bigram_pairs,
    generate,
    softmax,
    tokenize,
    top_k_filter,
    train_bigram,
)

# The table spreads the demo's temperatures out to both extremes.
TABLE_TEMPERATURES = (0.25, *TEMPERATURES, 5.0)
TOP = 6  # rows of the temperature table
# Vocabulary sizes for the tokens-per-word table (the demo's among them).
TABLE_VOCAB_SIZES = (256, 384, bpe.VOCAB_SIZE, 1024, 2048)


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on the page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def _count(n: int, noun: str) -> str:
    """'1 word', '5 words': the number with its noun, singular or plural."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _words(words: list[str]) -> str:
    """'"a"', '"a" and "b"', '"a", "b" and "c"': quoted, for a sentence."""
    quoted = [f'"{w}"' for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _entropy_bits(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def publish(out) -> None:
    import matplotlib.pyplot as plt

    _publish_bpe(out)
    _publish_attention(out, plt)

    tokens = tokenize(CORPUS)
    vocab = Vocabulary(tokens)
    ids = vocab.encode(CORPUS)
    W, history = train_bigram(ids, len(vocab), EPOCHS, LEARNING_RATE)
    current, nxt = bigram_pairs(ids)

    # The best loss a bigram model can reach on this text: counting.
    counts = np.zeros((len(vocab), len(vocab)))
    np.add.at(counts, (current, nxt), 1)
    probs_by_count = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    best_loss = -np.log(probs_by_count[current, nxt]).mean()
    seen = counts.sum(axis=1) > 0
    gap = np.abs(softmax(W)[seen] - probs_by_count[seen]).max()

    _claim(
        abs(history[0] - np.log(len(vocab))) < 0.1 * np.log(len(vocab)),
        "the loss starts near ln(vocabulary size)",
    )
    _claim(
        history[-1] < history[0] and history[-1] - best_loss < 0.01,
        "After ... epochs it reaches [close to the counting loss]",
    )
    _claim(
        W.shape == (len(vocab), len(vocab)),
        "one row of logits for each current token and one column for each "
        "possible next token (self-check 2)",
    )
    out.value("lm.vocab_size", str(len(vocab)))
    out.value("lm.n_pairs", str(len(current)))
    out.value("lm.n_params", f"{W.size:,}")
    out.value("lm.first_loss", f"{history[0]:.4f}")
    out.value("lm.uniform_loss", f"{np.log(len(vocab)):.4f}")
    out.value("lm.final_loss", f"{history[-1]:.4f}")
    out.value("lm.best_loss", f"{best_loss:.4f}")
    out.value("lm.max_prob_gap", f"{gap:.4f}")
    out.value("lm.epochs", str(len(history)))
    followers = int((counts[vocab.ids[CONTEXT_WORD]] > 0).sum())
    out.value("lm.the_followers", _count(followers, "different word"))

    # Greedy decoding from the demo's prompt, and the top word after the
    # words the page's explanation walks through.
    greedy = generate(W, vocab, PROMPT, MAX_NEW_TOKENS, temperature=0)
    out.value("lm.greedy_text", greedy)
    top_after, tied_after = {}, {}
    for word in ("the", "cat", "and"):
        row = W[vocab.ids[word]]
        top_after[word] = vocab.tokens[int(np.argmax(row))]
        out.value(f"lm.greedy_after_{word}", top_after[word])
        # Words that followed `word` most often: equal counts, equal logits.
        row_counts = counts[vocab.ids[word]]
        tied_after[word] = np.flatnonzero(row_counts == row_counts.max())
        _claim(
            np.allclose(row[tied_after[word]], row.max(), rtol=0, atol=1e-9)
            and vocab.ids[top_after[word]] == tied_after[word].min(),
            "equal counts give equal logits, and np.argmax takes the first "
            "(the lower ID)",
        )
    _claim(
        [len(tied_after[w]) for w in ("the", "cat", "and")] == [1, 2, 1],
        'after "cat", two words tie [and only there]',
    )
    out.value(
        "lm.greedy_tie_cat",
        _words([vocab.tokens[i] for i in tied_after["cat"]]),
    )
    out.value(
        "lm.greedy_tie_count",
        str(int(counts[vocab.ids["cat"], tied_after["cat"][0]])),
    )
    _claim(
        vocab.tokens == sorted(vocab.tokens),
        "IDs follow alphabetical order here",
    )
    greedy_tokens = tokenize(greedy)
    _claim(
        [top_after[w] for w in ("the", "cat", "and")] == ["cat", "and", "the"]
        and "." not in greedy_tokens
        and len(greedy_tokens) == len(tokenize(PROMPT)) + MAX_NEW_TOKENS,
        "without randomness the model can only go round the same path "
        "until the length limit",
    )
    # The demo's seeds at its temperatures.
    samples = [
        generate(W, vocab, PROMPT, MAX_NEW_TOKENS, T, None, seed)
        for T in TEMPERATURES
        for seed in SEEDS
    ]
    _claim(
        any(text != greedy for text in samples),
        "Sampling breaks the loop",
    )
    hottest = [
        generate(W, vocab, PROMPT, MAX_NEW_TOKENS, max(TEMPERATURES), None, s)
        for s in SEEDS
    ]
    seen_pairs = set(zip(current.tolist(), nxt.tolist(), strict=True))
    unseen_pairs = sum(
        (a, b) not in seen_pairs
        for text in hottest
        for a, b in pairwise(vocab.encode(text))
    )
    _claim(
        unseen_pairs > 0,
        "a high temperature produces word salad that a bigram table would "
        "never put first [pairs never seen in the text]",
    )

    # How temperature reshapes softmax(logits / T) after the word "the".
    logits = W[vocab.ids[CONTEXT_WORD]]
    order = np.argsort(-logits, kind="stable")  # as the temperature demo
    top = order[:TOP]
    followers_mask = counts[vocab.ids[CONTEXT_WORD]] > 0
    by_T = {T: softmax(logits, T) for T in TABLE_TEMPERATURES}
    columns = " | ".join(f"T = {T:g}" for T in TABLE_TEMPERATURES)
    rows = [
        f"| Next word | Logit | {columns} |",
        "|---|---:|" + "---:|" * len(TABLE_TEMPERATURES),
    ]
    for i in top:
        cells = " | ".join(f"{by_T[T][i]:.3f}" for T in TABLE_TEMPERATURES)
        rows.append(f"| {vocab.tokens[i]} | {logits[i]:.2f} | {cells} |")
    # The rest in two rows: the words that did follow the context word in
    # the text, and the tokens that never did.
    rest = order[TOP:]
    _claim(
        followers_mask[top].all(),
        "the rows above [the shown words] all followed the context word",
    )
    followed, never = rest[followers_mask[rest]], rest[~followers_mask[rest]]
    for group, label in (
        (followed, f"the other {_count(len(followed), 'word')} that followed"),
        (never, f"the {_count(len(never), 'token')} that never followed"),
    ):
        cells = " | ".join(
            f"{by_T[T][group].sum():.3f}" for T in TABLE_TEMPERATURES
        )
        rows.append(f'| {label} "{CONTEXT_WORD}", together | | {cells} |')
    cells = " | ".join(
        f"{_entropy_bits(by_T[T]):.2f}" for T in TABLE_TEMPERATURES
    )
    rows.append(f"| *entropy (bits)* | | {cells} |")
    out.table("temperature_table", "\n".join(rows))
    temps = sorted(TABLE_TEMPERATURES)
    top_prob = [by_T[T][top[0]] for T in temps]
    entropy = [_entropy_bits(by_T[T]) for T in temps]
    unseen_mass = [by_T[T][~followers_mask].sum() for T in temps]
    _claim(
        all(np.diff(top_prob) < 0) and all(np.diff(entropy) > 0),
        "With T < 1 the likeliest tokens take even more of the probability; "
        "with T > 1 ... the distribution flattens",
    )
    _claim(
        all(np.diff(unseen_mass) > 0),
        "a higher temperature hands more and more probability to words "
        "that never followed it",
    )
    _claim(
        by_T[min(TEMPERATURES)][order[:2]].sum() > 0.5,
        "at 0.5 the two likeliest words take most of the probability "
        "(plot description)",
    )
    out.value("lm.top_word", vocab.tokens[top[0]])
    low, high = TABLE_TEMPERATURES[0], TABLE_TEMPERATURES[-1]
    out.value("lm.low_T", f"{low:g}")
    out.value("lm.high_T", f"{high:g}")
    out.value("lm.top_prob_low_T", f"{by_T[low][top[0]]:.3f}")
    out.value("lm.top_prob_high_T", f"{by_T[high][top[0]]:.3f}")
    out.value("lm.max_entropy_bits", f"{np.log2(len(vocab)):.2f}")
    never_mass = {T: by_T[T][~followers_mask].sum() for T in (1.0, high)}
    out.value("lm.never_mass_T1", f"{never_mass[1.0]:.3f}")
    out.value("lm.never_mass_high_T", f"{never_mass[high]:.3f}")

    # The demo's top-k setting after the context word: a tie at the cut.
    k = next(k for _, k in DECODING if k is not None)
    kept = [i for i in order if np.isfinite(top_k_filter(logits, k)[i])]
    cut = logits[order[k - 1]]
    above = [i for i in order if logits[i] > cut]
    tied = np.flatnonzero(logits == cut)  # in order of ID
    _claim(
        len(kept) == k
        and len(tied) > k - len(above) > 0
        and kept == above + list(tied[: k - len(above)]),
        "tokens tie at the cut, and top_k_filter keeps those with the lower "
        "IDs, so exactly k remain",
    )
    out.value("lm.top_k", str(k))
    out.value("lm.top_k_above", _words([vocab.tokens[i] for i in above]))
    out.value("lm.top_k_tied", _words([vocab.tokens[i] for i in tied]))
    out.value("lm.top_k_kept", _words([vocab.tokens[i] for i in kept]))

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    shown = order[:10]
    width = 0.8 / len(TEMPERATURES)
    x = np.arange(len(shown))
    middle = (len(TEMPERATURES) - 1) / 2
    for n, T in enumerate(TEMPERATURES):
        offset = (n - middle) * width
        ax.bar(x + offset, by_T[T][shown], width, label=f"T = {T:g}")
    ax.set_xticks(x, [vocab.tokens[i] for i in shown])
    ax.set_xlabel(f'next word after "{CONTEXT_WORD}" (the 10 likeliest)')
    ax.set_ylabel("probability")
    ax.set_title("softmax(logits / T) for the trained bigram model")
    ax.legend()
    fig.tight_layout()
    out.figure("temperature_plot", fig)

    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    ax.plot(np.arange(1, len(history) + 1), history, label="gradient descent")
    ax.axhline(
        best_loss,
        color="grey",
        linestyle="--",
        label=f"best possible (counting): {best_loss:.3f}",
    )
    ax.set_xscale("log")
    ax.set_xlabel("epoch (log scale)")
    ax.set_ylabel("mean cross-entropy (nats)")
    ax.set_title("Training the bigram model")
    ax.legend()
    fig.tight_layout()
    out.figure("loss_plot", fig)

    # The metric argument about emergence, on a made-up smooth per-token curve.
    log_size = np.linspace(7, 12, 201)
    # A hypothetical per-token accuracy, smooth in log(size).
    per_token = 1 / (1 + np.exp(-1.5 * (log_size - 9)))
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    ax.plot(
        10**log_size,
        per_token,
        label="per-token accuracy (smooth by construction)",
    )
    for n in ANSWER_LENGTHS[1:]:  # 1 token would repeat per-token accuracy
        ax.plot(
            10**log_size,
            [exact_match_accuracy(float(p), n) for p in per_token],
            label=f"exact match of a {n}-token answer",
        )
    ax.set_xscale("log")
    ax.set_xlabel("hypothetical model size (parameters, log scale)")
    ax.set_ylabel("accuracy")
    ax.set_title(
        "One smooth improvement, scored two ways:\nexact match looks 'emergent'"
    )
    # Below the axes, where no curve runs, at any width (the phone layout too).
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    fig.tight_layout()
    out.figure("emergence_plot", fig)
    longer = [
        [exact_match_accuracy(float(p), n) for p in per_token]
        for n in ANSWER_LENGTHS[1:]
    ]
    _claim(
        tuple(ANSWER_LENGTHS[1:]) == (10, 30)
        and all(curve[0] < 0.01 and curve[-1] > 0.5 for curve in longer),
        "the exact-match curves [for 10-token and 30-token answers] sit near "
        "zero and then shoot up",
    )
    _claim(
        exact_match_accuracy(0.9, max(ANSWER_LENGTHS)) < 0.05,
        "exact match can sit near zero while per-token accuracy is already "
        "high [0.9 per token, the table's longest answer] (self-check 1)",
    )

    # The SDK versions the page's API code was tested with (requirements.txt).
    from importlib.metadata import version

    out.value("sdk.openai_version", version("openai"))
    out.value("sdk.anthropic_version", version("anthropic"))
    _check_sdk_claims()

    # What a reader sees when no key is set: the page's command, run for real
    # in the module's folder.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")
    }
    run = subprocess.run(
        [
            sys.executable,
            "hosted_models.py",
            "Explain quantum computing in one sentence.",
        ],
        cwd=Path(hosted_models.__file__).parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 2 or "Traceback" in run.stderr:
        raise RuntimeError(
            f"expected a one-line missing-key error, got:\n{run.stderr}"
        )
    out.text("cli_missing_key", cli_transcript(run))


def cli_transcript(run) -> str:
    """A finished command as a terminal shows it: output, then exit status."""
    return run.stdout + run.stderr + f"(exit status {run.returncode})"


def _publish_bpe(out) -> None:
    """The BPE section: corpus, merges, tokens per word, byte fallback."""
    pages = bpe.find_docs_dir()
    corpus = bpe.read_pages(pages)
    # Training is greedy, so the first k merges of a longer run are exactly
    # what a run to 256 + k learns: one run serves every size in the table.
    merges = bpe.train_bpe(corpus, max(TABLE_VOCAB_SIZES))
    if len(merges) != max(TABLE_VOCAB_SIZES) - bpe.N_BYTES:
        raise RuntimeError("the corpus ran out of pairs to merge")
    n_words = len(corpus.split())
    n_pages = sum(1 for p in pages.rglob("*.md") if "generated" not in p.parts)
    out.value("bpe.n_pages", str(n_pages))
    out.value("bpe.vocab_size", str(bpe.VOCAB_SIZE))
    out.value("bpe.n_merges", str(bpe.VOCAB_SIZE - bpe.N_BYTES))

    rows = [
        "| Vocabulary size | Merges | Tokens in the corpus | Tokens per word "
        "| Bytes per token |",
        "|---:|---:|---:|---:|---:|",
    ]
    n_bytes = len(corpus.encode())
    per_word = {}
    for size in TABLE_VOCAB_SIZES:
        tokenizer = bpe.BPETokenizer(merges[: size - bpe.N_BYTES])
        n_tokens = len(tokenizer.encode(corpus))
        per_word[size] = n_tokens / n_words
        rows.append(
            f"| {size:,} | {size - bpe.N_BYTES:,} | {n_tokens:,} "
            f"| {n_tokens / n_words:.2f} | {n_bytes / n_tokens:.2f} |"
        )
    out.table("bpe_tokens_per_word", "\n".join(rows))
    sizes = sorted(per_word)
    if any(per_word[a] <= per_word[b] for a, b in pairwise(sizes)):
        raise RuntimeError("the page says more merges, fewer tokens per word")
    smallest, largest = sizes[0], sizes[-1]
    out.value("bpe.bytes_per_word", f"{per_word[smallest]:.2f}")
    out.value("bpe.demo_per_word", f"{per_word[bpe.VOCAB_SIZE]:.2f}")
    out.value("bpe.largest_vocab", f"{largest:,}")
    out.value("bpe.largest_per_word", f"{per_word[largest]:.2f}")

    # The page names the merge that makes " the", one of the first ten, and
    # calls it the commonest word.
    chunks = bpe.CHUNK.findall(corpus)
    word_counts = Counter(c for c in chunks if c.strip().isalpha())
    if word_counts.most_common(1)[0][0] != " the":
        raise RuntimeError("the page says ' the' is the commonest word")
    tokens = bpe.vocabulary(merges)
    the_merge = tokens.index(b" the") - bpe.N_BYTES + 1
    if the_merge > 10:
        raise RuntimeError("the page says ' the' is among the first merges")
    out.value("bpe.the_merge", str(the_merge))

    # The sentence and the unseen word, with the demo's vocabulary.
    tokenizer = bpe.BPETokenizer(merges[: bpe.VOCAB_SIZE - bpe.N_BYTES])
    words = bpe.SENTENCE.rstrip(".").split()
    pieces = {word: tokenizer.encode(" " + word) for word in words[1:]}
    whole = [word for word, ids in pieces.items() if len(ids) == 1]
    split = [word for word, ids in pieces.items() if len(ids) > 1]
    if not whole or not split:
        raise RuntimeError("the page says some words are whole, some split")
    out.value("bpe.whole_words", ", ".join(f'"{w}"' for w in whole))
    out.value("bpe.split_words", ", ".join(f'"{w}"' for w in split))
    word, emoji = bpe.UNSEEN.split()
    if word.lower() in corpus.lower() or emoji in corpus:
        raise RuntimeError(f"the page says the pages never use {bpe.UNSEEN!r}")
    emoji_ids = tokenizer.encode(emoji)
    if len(emoji_ids) != len(emoji.encode()) or max(emoji_ids) >= bpe.N_BYTES:
        raise RuntimeError("the page says the emoji falls back to its bytes")
    out.value("bpe.emoji_bytes", str(len(emoji.encode())))
    # Named in the prose too: a screen without an emoji font shows an empty box.
    out.value(
        "bpe.emoji_name",
        ", ".join(f"U+{ord(c):04X} {unicodedata.name(c)}" for c in emoji),
    )


def _publish_attention(out, plt) -> None:
    """The attention heatmap: the demo's weights, masked cells marked."""
    tokens = attention.SENTENCE.split()
    vocab = sorted(set(tokens))
    ids = [vocab.index(token) for token in tokens]
    embedding, w_query, w_key, w_value = attention.random_layer(
        len(vocab), attention.D_MODEL, attention.D_HEAD, attention.SEED
    )
    _, weights = attention.self_attention(
        embedding[ids], w_query, w_key, w_value
    )
    n = len(tokens)
    masked = attention.causal_mask(n)
    out.value("attn.d_model", str(attention.D_MODEL))

    # The page points at the two "the" tokens: same vector, so any later
    # token weighs them equally (no position information in this layer).
    first, second = (i for i, t in enumerate(tokens) if t == "the")
    last = n - 1
    if not np.isclose(weights[last, first], weights[last, second]):
        raise RuntimeError("the page says both 'the' get the same weight")
    out.value("attn.the_weight", f"{weights[last, first]:.2f}")
    out.value("attn.last_token", tokens[last])

    # Small enough that its text stays legible on a phone; every cell is
    # labelled, so no colour bar is needed.
    fig, ax = plt.subplots(figsize=(4.4, 4.2))
    shown = np.ma.masked_array(weights, mask=masked)
    cmap = plt.get_cmap("Blues").copy()
    cmap.set_bad("#e0e0e0")  # masked cells: grey
    ax.imshow(shown, cmap=cmap, vmin=0.0, vmax=1.0)
    for (i, j), weight in np.ndenumerate(weights):
        if masked[i, j]:
            text, colour = "0", "#595959"
        else:
            text = f"{weight:.2f}"
            colour = "white" if weight > 0.55 else "black"  # dark cells
        ax.text(j, i, text, ha="center", va="center", color=colour)
    labels = [f"{t} ({i + 1})" for i, t in enumerate(tokens)]
    ax.set_xticks(range(n), labels, rotation=45, ha="right")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("key: the token looked at")
    ax.set_ylabel("query: the token looking")
    ax.set_title("Attention weights (grey: masked)")
    fig.tight_layout()
    out.figure("attention_heatmap", fig)


def _check_sdk_claims() -> None:
    """The page's statements about the pinned SDKs, read from the SDKs."""
    from anthropic.resources.messages import Messages
    from anthropic.types import Model
    from openai.resources.chat.completions import Completions
    from openai.types import ChatModel

    anthropic_args = inspect.signature(Messages.create).parameters
    _claim(
        "temperature" not in anthropic_args,
        "In the pinned Anthropic SDK, `messages.create` takes no "
        "`temperature` argument at all",
    )
    _claim(
        anthropic_args["max_tokens"].default is inspect.Parameter.empty,
        "The pinned Anthropic SDK requires it [max_tokens]",
    )
    openai_doc = inspect.getsource(inspect.getmodule(Completions))
    _claim(
        "deprecated in favor of `max_completion_tokens`" in openai_doc
        and "reasoning tokens" in openai_doc,
        "`max_completion_tokens`, which the pinned SDK documents as the "
        "replacement for the older `max_tokens`; it also counts ... "
        "reasoning tokens",
    )
    anthropic_models = typing.get_args(typing.get_args(Model)[0])
    openai_models = typing.get_args(ChatModel)
    _claim(
        {"gpt-5-nano", "gpt-5-mini", hosted_models.OPENAI_MODEL}
        <= set(openai_models)
        and hosted_models.ANTHROPIC_MODEL == "claude-haiku-4-5"
        and hosted_models.ANTHROPIC_MODEL in anthropic_models,
        "The names used here ... are in the model lists of the pinned SDKs",
    )
