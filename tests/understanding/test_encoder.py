"""The sentence encoder: what a text gets does not depend on what it is batched with."""

from __future__ import annotations

import numpy as np

from trainer.understanding.encoder import Encoder


def test_an_embedding_is_the_same_alone_and_in_a_batch_of_other_lengths():
    texts = [
        "Hi.",
        "Is now a good time?",
        "I'm a pharmacist from Lagos and I would like to learn about the licensing process here",
        "could you spare fifteen minutes",
        "Hi, my name is Sam Ortiz, I'm a nursing student, and I'd love to hear how you got into "
        "paediatric nursing, if you could spare ten or fifteen minutes this week?",
    ]
    together = Encoder().embed(texts)
    for text, row in zip(texts, together, strict=True):
        alone = Encoder().embed([text])[0]
        assert np.allclose(alone, row, atol=1e-5), text
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # Different texts, different meanings: not one vector for all.
    assert float(together[1] @ together[4]) < 0.9


def test_a_full_cache_never_drops_a_text_the_same_call_needs():
    """With the cache full, a call that asks for an old text and new ones used to evict the old
    one before reading it back (KeyError after ~4,000 windows in one process)."""
    encoder = Encoder(cache_size=2)
    first = encoder.embed(["Is now a good time?", "Hello."])
    new = ["Could I have ten minutes?", "Thanks, bye."]
    again = encoder.embed(["Is now a good time?", *new])
    assert np.allclose(again[0], first[0], atol=1e-6)
    assert np.allclose(again[1:], Encoder().embed(new), atol=1e-5)
    assert np.allclose(encoder.embed(["Hello."]), first[1:], atol=1e-6)  # evicted, run again
