"""Byte-level byte-pair encoding (BPE), trained from scratch on the course.

Chapter 4 of the course ("Large language models"). Real LLM tokenizers start
from the 256 possible bytes and learn merges: the most frequent pair of
neighbouring tokens becomes a new token, again and again, until the
vocabulary has the size asked for. This module trains such a tokenizer on
the course's own pages. Run it inside a checkout of the course repository
(it is in snippets/ch4_llms/), or where you unzipped course-pages.zip from
the site:

    python bpe.py
"""

# --8<-- [start:corpus]
import re
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np

# What a page holds besides prose: fenced blocks (code, outputs, diagrams),
# snippet includes, template macros and HTML comments.
NOT_PROSE = re.compile(
    r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$"  # a fenced block
    r"|^[ \t]*-+8<-+[^\n]*$"  # an include line
    r"|\{\{.*?\}\}|\{%.*?%\}"  # a macro
    r"|<!--.*?-->",  # an HTML comment
    re.MULTILINE | re.DOTALL,
)


def find_docs_dir() -> Path:
    """The course's pages: a docs/ folder here or in a folder above.

    That is a checkout of the course, or the pages downloaded from the site
    (course-pages.zip, unzipped where you run this).
    """
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "docs" / "index.md").is_file():
            return folder / "docs"
    raise FileNotFoundError(
        f"no course pages (docs/index.md) in {here} or above: download "
        "course-pages.zip from the course site's page 4.3a and unzip it "
        "here, or run this inside a checkout of the course repository"
    )


def read_pages(docs_dir: str | Path) -> str:
    """The Markdown pages under docs_dir as prose, in sorted path order.

    Generated files are skipped: the tokenizer learns from what was written,
    not from its own results.
    """
    if not isinstance(docs_dir, str | Path):
        raise TypeError(f"docs_dir must be a folder path, got {docs_dir!r}")
    pages = sorted(
        page
        for page in Path(docs_dir).rglob("*.md")
        if "generated" not in page.parts
    )
    if not pages:
        raise ValueError(f"no Markdown pages under {docs_dir!r}")
    return "\n".join(
        NOT_PROSE.sub("", page.read_text(encoding="utf-8")) for page in pages
    )


# --8<-- [end:corpus]

# The demos' settings. The page shows them, and publish.py reads these same
# names for the figures it quotes, so each is written once.
# --8<-- [start:train_settings]
VOCAB_SIZE = 512  # 256 bytes + 256 merges
# --8<-- [end:train_settings]
# --8<-- [start:encode_settings]
SENTENCE = "A language model learns to predict the next token."
# --8<-- [end:encode_settings]
# --8<-- [start:unseen_settings]
UNSEEN = "Flibbertigibbet 🦜"  # a word and an emoji the pages never use
# --8<-- [end:unseen_settings]


# --8<-- [start:train]
# Merges never cross these chunks: a word with its leading space, a number,
# a run of punctuation, a run of white space, or any other character.
CHUNK = re.compile(r" ?[^\W\d_]+| ?\d+| ?[^\w\s]+|\s+|.", re.DOTALL)
N_BYTES = 256  # IDs 0-255 are the bytes themselves


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")


def _is_int(value) -> bool:
    """True for Python and NumPy integers, but not for True and False."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _merge_pair(word: tuple, pair: tuple, new_id: int) -> tuple:
    """Replace every occurrence of `pair` in `word` by `new_id`."""
    merged, i = [], 0
    while i < len(word):
        if word[i : i + 2] == pair:
            merged.append(new_id)
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return tuple(merged)


def train_bpe(text: str, vocab_size: int) -> list[tuple[int, int]]:
    """Learn vocab_size - 256 merges from text; merge k makes token 256 + k.

    Ties between equally frequent pairs go to the smaller pair of IDs, so
    the same text always gives the same merges.
    """
    _check_text(text)
    if not _is_int(vocab_size):
        raise TypeError(f"vocab_size must be an int, got {vocab_size!r}")
    if vocab_size < N_BYTES:
        raise ValueError(
            f"vocab_size must be at least {N_BYTES} (one token per byte), "
            f"got {vocab_size}"
        )
    counts = Counter(chunk.encode() for chunk in CHUNK.findall(text))
    words = [tuple(chunk) for chunk in counts]  # each chunk as byte IDs
    freqs = list(counts.values())
    pair_counts = Counter()  # how often each neighbouring pair occurs
    holders = defaultdict(set)  # which words hold each pair
    for i, word in enumerate(words):
        for pair in pairwise(word):
            pair_counts[pair] += freqs[i]
            holders[pair].add(i)

    merges = []
    for new_id in range(N_BYTES, vocab_size):
        if not pair_counts:
            break  # every chunk is a single token: nothing left to merge
        # The most frequent pair; among equally frequent ones, the smallest.
        top = max(pair_counts.values())
        best = min(pair for pair, n in pair_counts.items() if n == top)
        merges.append(best)
        # Only the words that hold the pair change; update their counts.
        for i in holders.pop(best):
            for pair in pairwise(words[i]):
                pair_counts[pair] -= freqs[i]
                if pair_counts[pair] == 0:
                    del pair_counts[pair]
            words[i] = _merge_pair(words[i], best, new_id)
            for pair in pairwise(words[i]):
                pair_counts[pair] += freqs[i]
                holders[pair].add(i)
    return merges


def vocabulary(merges: list[tuple[int, int]]) -> list[bytes]:
    """The bytes each token ID stands for: the 256 bytes, then each merge."""
    if not isinstance(merges, list | tuple | np.ndarray):
        raise TypeError(f"merges must be a list of pairs, got {merges!r}")
    tokens = [bytes([b]) for b in range(N_BYTES)]
    for k, pair in enumerate(merges):
        if len(pair) != 2 or not all(_is_int(i) for i in pair):
            raise TypeError(
                f"merges[{k}]: a merge must be a pair of token IDs, "
                f"got {pair!r}"
            )
        if not all(0 <= i < len(tokens) for i in pair):
            raise ValueError(
                f"merges[{k}]: merge {tuple(pair)} uses an unknown ID"
            )
        tokens.append(tokens[pair[0]] + tokens[pair[1]])
    return tokens


# --8<-- [end:train]


# --8<-- [start:tokenizer]
class BPETokenizer:
    """Encodes text to token IDs and back with a list of learned merges."""

    def __init__(self, merges: list[tuple[int, int]]) -> None:
        self.tokens = vocabulary(merges)  # token ID -> its bytes
        self.merges = [tuple(pair) for pair in merges]
        self.rank = {pair: N_BYTES + k for k, pair in enumerate(self.merges)}
        self._cache: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.tokens)

    def _encode_chunk(self, chunk: str) -> list[int]:
        word = tuple(chunk.encode())
        while len(word) > 1:
            # Apply the earliest-learned merge that occurs in the word.
            pair = min(pairwise(word), key=self._rank_or_never)
            if pair not in self.rank:
                break
            word = _merge_pair(word, pair, self.rank[pair])
        return list(word)

    def _rank_or_never(self, pair: tuple[int, int]) -> float:
        return self.rank.get(pair, float("inf"))

    def encode(self, text: str) -> list[int]:
        """Text to token IDs; any text works, since bytes are the fallback."""
        _check_text(text)
        ids = []
        for chunk in CHUNK.findall(text):
            if chunk not in self._cache:
                self._cache[chunk] = self._encode_chunk(chunk)
            ids += self._cache[chunk]
        return ids

    def decode(self, ids: list[int]) -> str:
        """Token IDs back to text."""
        if not isinstance(ids, list | tuple | np.ndarray):
            raise TypeError(
                f"ids must be a list of token IDs, got {type(ids).__name__}"
            )
        for i in ids:
            if not _is_int(i):
                raise TypeError(f"token IDs must be ints, got {i!r}")
            if not 0 <= i < len(self.tokens):
                raise ValueError(
                    f"unknown token ID {i}: this vocabulary has IDs "
                    f"0 to {len(self.tokens) - 1}"
                )
        text_bytes = b"".join(self.tokens[i] for i in ids)
        # IDs cut out of a longer sequence may split a character's bytes.
        return text_bytes.decode("utf-8", errors="replace")


# --8<-- [end:tokenizer]


if __name__ == "__main__":
    # --8<-- [start:corpus_demo]
    corpus = read_pages(find_docs_dir())
    print(f"{len(corpus):,} characters, {len(corpus.split()):,} words")
    print(repr(corpus[:60]))
    # --8<-- [end:corpus_demo]

    # --8<-- [start:train_demo]
    merges = train_bpe(corpus, VOCAB_SIZE)
    tokens = vocabulary(merges)
    print(f"{len(merges)} merges learned, {len(tokens)} tokens in all")
    for new_id, (left, right) in enumerate(merges[:10], start=N_BYTES):
        pair = f"{tokens[left]!r} + {tokens[right]!r}"
        print(f"{pair:<16} -> token {new_id}: {tokens[new_id]!r}")
    # --8<-- [end:train_demo]

    # --8<-- [start:encode_demo]
    tokenizer = BPETokenizer(merges)
    ids = tokenizer.encode(SENTENCE)
    print(f"{len(SENTENCE.split())} words -> {len(ids)} tokens")
    print("tokens: ", "|".join(tokenizer.tokens[i].decode() for i in ids))
    print("IDs:    ", *ids)
    print("decoded:", tokenizer.decode(ids))
    # --8<-- [end:encode_demo]

    # --8<-- [start:unseen_demo]
    ids = tokenizer.encode(UNSEEN)
    print("tokens: ", b"|".join(tokenizer.tokens[i] for i in ids))
    print("IDs:    ", *ids)
    print("decoded:", tokenizer.decode(ids))
    # --8<-- [end:unseen_demo]
