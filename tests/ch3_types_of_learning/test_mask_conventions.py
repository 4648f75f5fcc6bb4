"""Chapter 3 says its 0/1 attention mask (1: may look) is the inverse of the Boolean
`causal_mask` of page 4.3a (True: blocked). Check both modules against each other."""

from __future__ import annotations

import numpy as np
import pytest

from snippets.ch3_types_of_learning.self_supervised import attention_mask
from snippets.ch4_llms.attention import causal_mask


@pytest.mark.parametrize("n_tokens", [1, 2, 5, 9])
def test_chapter_3_mask_is_the_inverse_of_4_3a_causal_mask(n_tokens):
    may_look = attention_mask(n_tokens, causal=True)
    blocked = causal_mask(n_tokens)
    assert np.array_equal(may_look == 1, ~blocked)
    assert blocked[0, n_tokens - 1] == (n_tokens > 1)  # the first token can't see the last
