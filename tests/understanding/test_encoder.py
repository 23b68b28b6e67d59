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
