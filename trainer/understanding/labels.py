"""The one registry of what trainer can recognise in a caller's words.

Labels are what the classifier predicts (see training/LABELS.md for what each means); intents
are the names scenarios react to (`on = [{when = ["purpose"], ...}]`). The scenario validator
and the call intents both read this module, so the two vocabularies cannot drift apart.
"""

from __future__ import annotations

INTRO_PARTS = ("identification", "purpose", "time_request", "convenience_check")
LABELS = (
    *INTRO_PARTS,
    "job_ask",
    "denies_job",
    "yes",
    "no",
    "question",
    "callback",
    "contact",
    "transfer_request",
    "thanks",
    "goodbye",
    "hostile",
    "repeat",
)

# Intent name in scenarios -> the label that signals it. The four parts keep the short names
# scenarios have always used.
INTENT_OF_LABEL = {
    "identification": "identified",
    "purpose": "purpose",
    "time_request": "time",
    "convenience_check": "convenience",
    **{label: label for label in LABELS[4:]},
}
# Intents that come from the audio, not from the words.
AUDIO_INTENTS = ("silence",)
# Intents the call engine adds by exact rule (trainer/calls/times.py): the caller named a day
# or hour, and that time differs from the one the character offered.
TIME_INTENTS = ("time_given", "time_mismatch")
# Intents the call intents add by exact rule (trainer/calls/intents.py): the caller asks for
# someone's email or number ("could I get her email address?").
RULE_INTENTS = ("contact_request",)
INTENTS = (*INTENT_OF_LABEL.values(), *AUDIO_INTENTS, *TIME_INTENTS, *RULE_INTENTS)
