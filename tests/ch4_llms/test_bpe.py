"""The byte-level BPE: round trips, determinism, an independent reference, errors."""

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch4_llms.bpe import (
    CHUNK,
    N_BYTES,
    SENTENCE,
    UNSEEN,
    VOCAB_SIZE,
    BPETokenizer,
    _merge_pair,
    find_docs_dir,
    read_pages,
    train_bpe,
    vocabulary,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Bounded and derandomized: the same examples on every run, a small share of the suite.
FEW = settings(max_examples=60, derandomize=True, deadline=None)
MANY = settings(max_examples=300, derandomize=True, deadline=None)


@pytest.fixture(scope="module")
def corpus() -> str:
    return read_pages(PROJECT_ROOT / "docs")


@pytest.fixture(scope="module")
def merges(corpus) -> list[tuple[int, int]]:
    return train_bpe(corpus, VOCAB_SIZE)


@pytest.fixture(scope="module")
def tokenizer(merges) -> BPETokenizer:
    return BPETokenizer(merges)


def reference_train(text: str, vocab_size: int) -> list[tuple[int, int]]:
    """BPE the slow, obvious way: recount every pair after every merge."""
    words = Counter(tuple(chunk.encode()) for chunk in CHUNK.findall(text))
    merges = []
    for new_id in range(N_BYTES, vocab_size):
        pairs = Counter()
        for word, n in words.items():
            for i in range(len(word) - 1):
                pairs[word[i], word[i + 1]] += n
        if not pairs:
            break
        top = max(pairs.values())
        best = min(pair for pair, n in pairs.items() if n == top)  # tie: smallest pair
        merges.append(best)
        merged = Counter()
        for word, n in words.items():
            merged[_merge_pair(word, best, new_id)] += n
        words = merged
    return merges


# --- training ---------------------------------------------------------------------


def test_merges_are_deterministic(corpus, merges):
    assert train_bpe(corpus, VOCAB_SIZE) == merges
    assert len(merges) == VOCAB_SIZE - N_BYTES


def test_a_shorter_run_learns_a_prefix_of_a_longer_one(corpus, merges):
    assert train_bpe(corpus, 300) == merges[: 300 - N_BYTES]


def test_incremental_counts_match_the_obvious_algorithm_on_the_course(corpus):
    text = corpus[:20_000]
    assert train_bpe(text, 400) == reference_train(text, 400)


@FEW
@given(st.text(alphabet="ab c\né🦜", max_size=80), st.integers(256, 300))
def test_incremental_counts_match_the_obvious_algorithm(text, vocab_size):
    assert train_bpe(text, vocab_size) == reference_train(text, vocab_size)


def test_the_first_merge_is_the_most_frequent_pair():
    # "ab" occurs 3 times, "bc" twice; ties never arise.
    assert train_bpe("ab ab abc bc", 257) == [(ord("a"), ord("b"))]


def test_ties_go_to_the_smaller_pair():
    # "ba" and "ab" occur once each; "\n" is a chunk of its own.
    assert train_bpe("ba\nab", 257) == [(ord("a"), ord("b"))]


def test_training_stops_when_nothing_is_left_to_merge():
    assert train_bpe("aa", 1000) == [(97, 97)]
    assert train_bpe("", 300) == []


def test_vocabulary_spells_out_each_merge():
    tokens = vocabulary([(104, 105), (256, 33)])
    assert tokens[:N_BYTES] == [bytes([b]) for b in range(N_BYTES)]
    assert tokens[256:] == [b"hi", b"hi!"]


# --- encoding and decoding -----------------------------------------------------


@MANY
@given(st.text())
def test_decode_of_encode_is_the_identity_on_any_unicode(tokenizer, text):
    ids = tokenizer.encode(text)
    assert tokenizer.decode(ids) == text
    assert all(0 <= i < len(tokenizer) for i in ids)
    assert b"".join(tokenizer.tokens[i] for i in ids) == text.encode()


def test_round_trip_on_the_whole_course(corpus, tokenizer):
    assert tokenizer.decode(tokenizer.encode(corpus)) == corpus


@FEW
@given(st.text())
def test_without_merges_the_tokens_are_the_utf8_bytes(text):
    assert BPETokenizer([]).encode(text) == list(text.encode())


def test_merges_shorten_the_demo_sentence(tokenizer):
    ids = tokenizer.encode(SENTENCE)
    assert len(ids) < len(SENTENCE.encode())
    assert any(i >= N_BYTES for i in ids)


def test_an_unseen_emoji_falls_back_to_its_bytes(corpus, tokenizer):
    emoji = UNSEEN.split()[-1]
    assert emoji not in corpus
    assert tokenizer.encode(emoji) == list(emoji.encode())
    assert tokenizer.decode(tokenizer.encode(UNSEEN)) == UNSEEN


def test_decode_accepts_numpy_ids(tokenizer):
    ids = np.array(tokenizer.encode(SENTENCE), dtype=np.int64)
    assert tokenizer.decode(ids) == SENTENCE
    assert tokenizer.decode([np.int32(72), np.uint8(105)]) == "Hi"


def test_decoding_part_of_a_character_gives_a_replacement_mark(tokenizer):
    first_byte = "é".encode()[0]
    assert tokenizer.decode([first_byte]) == "\N{REPLACEMENT CHARACTER}"


def test_vocab_size_may_be_a_numpy_integer():
    assert train_bpe("aa", np.int64(257)) == [(97, 97)]


# --- the corpus ---------------------------------------------------------------


def test_read_pages_keeps_prose_only(tmp_path):
    (tmp_path / "b.md").write_text(
        "Second page.\n\n```python\nx = 1\n```\n"
        "<!--pytest-codeblocks:cont-->\n"
        '--8<-- "snippets/x.py:part"\n'
        'A value: {{ value("x") }} here.\n',
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text("First page.\n", encoding="utf-8")
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "table.md").write_text("| not | prose |\n")
    text = read_pages(tmp_path)
    assert text.index("First page.") < text.index("Second page.")  # sorted by path
    assert "A value:  here." in text
    for not_prose in ("x = 1", "```", "8<", "pytest", "value(", "not | prose"):
        assert not_prose not in text


def test_read_pages_needs_pages(tmp_path):
    with pytest.raises(ValueError, match="no Markdown pages under"):
        read_pages(tmp_path)


# --- bad input ------------------------------------------------------------------

NOT_STRINGS = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(),
    st.lists(st.text(max_size=3), max_size=3),
)


@FEW
@given(NOT_STRINGS)
def test_non_string_text_is_a_type_error(tokenizer, text):
    with pytest.raises(TypeError, match="text must be a str"):
        tokenizer.encode(text)
    with pytest.raises(TypeError, match="text must be a str"):
        train_bpe(text, 300)


@FEW
@given(st.integers(max_value=N_BYTES - 1))
def test_a_vocabulary_smaller_than_the_bytes_is_refused(vocab_size):
    with pytest.raises(ValueError, match="vocab_size must be at least 256"):
        train_bpe("some text", vocab_size)


@FEW
@given(st.one_of(st.floats(), st.booleans(), st.text(max_size=3), st.none()))
def test_a_non_integer_vocab_size_is_a_type_error(vocab_size):
    with pytest.raises(TypeError, match="vocab_size must be an int"):
        train_bpe("some text", vocab_size)


@FEW
@given(st.one_of(st.integers(max_value=-1), st.integers(min_value=VOCAB_SIZE)))
def test_an_unknown_id_names_the_valid_range(tokenizer, token_id):
    with pytest.raises(ValueError, match=rf"unknown token ID {token_id}: .* 0 to {VOCAB_SIZE - 1}"):
        tokenizer.decode([72, token_id])


@FEW
@given(st.one_of(st.floats(), st.booleans(), st.text(min_size=1, max_size=3)))
def test_a_non_integer_id_is_a_type_error(tokenizer, token_id):
    with pytest.raises(TypeError, match="token IDs must be ints"):
        tokenizer.decode([token_id])


@pytest.mark.parametrize("ids", ["abc", 72, None])
def test_ids_must_be_a_sequence(tokenizer, ids):
    with pytest.raises(TypeError, match="ids must be a list of token IDs"):
        tokenizer.decode(ids)


def test_a_merge_that_uses_an_unknown_id_is_refused():
    with pytest.raises(ValueError, match=r"merge \(97, 300\) uses an unknown ID"):
        BPETokenizer([(97, 300)])


def test_find_docs_dir_looks_here_and_above(tmp_path, monkeypatch):
    """A checkout, or course-pages.zip unzipped: a docs/ folder with index.md."""
    (tmp_path / "docs" / "chapter").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    monkeypatch.chdir(tmp_path / "docs" / "chapter")
    assert find_docs_dir() == tmp_path / "docs"


def test_find_docs_dir_elsewhere_says_where_to_get_the_pages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"download course-pages\.zip"):
        find_docs_dir()


@pytest.mark.parametrize("merge", [(97,), (97, 98, 99), (97.0, 98), ("a", "b"), (True, 98)])
def test_a_merge_must_be_a_pair_of_ids(merge):
    with pytest.raises(TypeError, match="a merge must be a pair of token IDs"):
        BPETokenizer([merge])


def test_merges_as_numpy_pairs_are_accepted(merges):
    assert BPETokenizer(np.array(merges)).tokens == BPETokenizer(merges).tokens
