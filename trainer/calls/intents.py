"""What one caller turn contained, as the intents scenarios react to (see understanding.labels).

The same judgement as the intro scorer: every clause of the turn is judged by the sentence
model (trainer/understanding/), so a reaction follows what the caller meant, and each intent
keeps the clause that shows it. Exact rules remain only where they are exact: a reply that is
just a name, whether a question is open (starts with what/how/why...) or yes/no, and a request
for someone's email or number (`contact_request`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from trainer.scoring.elements import NOT_NAMES, detect
from trainer.scoring.text import Text
from trainer.transcript import Transcript, Word
from trainer.understanding.features import NAMES, cues
from trainer.understanding.judge import Found, Meaning, Understand
from trainer.understanding.labels import INTENT_OF_LABEL, INTRO_PARTS, LABELS

_OPEN_START = re.compile(
    r"^(?:what|how|why|which|who|where|when|tell me|describe|walk me|explain"
    r"|(?:could|can|would|will) you (?:tell|describe|walk|explain|share|talk|say|give)"
    r"|i'd (?:love|like) to (?:hear|know|learn))\b"
)
_YESNO_WORDS = (
    "is|are|was|were|do|does|did|can|could|would|will|have|has|had|should|shall|may"
    "|might|isn't|aren't|don't|doesn't|didn't"
)
_YESNO_START = re.compile(rf"^(?:{_YESNO_WORDS})\b")
_WH_WORDS = "what|how|why|which|who|where|when"
# Two questions run together without a comma ("What's the hardest part and what do you enjoy
# most?"): the sentence model reads one clause, but each is asked, and answered, on its own.
_JOINED = re.compile(rf"\s+and\s+(?=(?:{_WH_WORDS}|{_YESNO_WORDS})\b)", re.IGNORECASE)
_CLOSED_WISH = re.compile(r"\b(?:whether|if)\b")  # "I wondered whether you needed a master's"
_EMBEDDED = re.compile(rf"\b(?:{_WH_WORDS}|whether)\b")  # any question's, inside a clause
_LEADING = re.compile(
    r"^(?:(?:and|so|okay|ok|well|great|thanks|thank you|also|then|um|uh|oh|"
    r"right|alright|sure|yes|yeah|interesting|wow|that's \w+|that makes sense)"
    r"[,.!]?\s+)+"
)


@dataclass(frozen=True)
class Question:
    """A question the caller asked: the words, the bank questions it matches, its form."""

    text: str
    ids: tuple[str, ...]
    open: bool

    def to_dict(self) -> dict:
        return {"text": self.text, "ids": list(self.ids), "open": self.open}


@dataclass(frozen=True)
class TurnIntents:
    intents: frozenset[str]
    questions: tuple[Question, ...] = ()
    evidence: dict[str, str] = field(default_factory=dict)
    at_word: dict[str, int] = field(default_factory=dict)  # where each intent's evidence starts
    # Questions said as a wish to know, read as the purpose: answered once the expert answers.
    wishes: tuple[Question, ...] = ()


def classify(words: Sequence[Word], understand: Understand | None = None) -> TurnIntents:
    """The intents of one caller turn; `understand` defaults to the shared sentence model."""
    if not words:
        return TurnIntents(frozenset({"silence"}))
    if understand is None:
        from trainer.understanding.judge import understand
    text = Text(Transcript(tuple(words)))
    meaning = understand(text.words)
    found = detect(text, meaning, intro=False)
    intents: set[str] = set()
    evidence: dict[str, str] = {}
    at_word: dict[str, int] = {}
    for label in INTRO_PARTS:
        f = found.elements[label]
        if f.covered:
            intents.add(INTENT_OF_LABEL[label])
            evidence[INTENT_OF_LABEL[label]] = f.evidence or ""
            at_word[INTENT_OF_LABEL[label]] = f.first_word or 0
    if "identified" not in intents and _bare_name(text.transcript.text, meaning):
        intents.add("identified")
        evidence["identified"] = text.transcript.text
        at_word["identified"] = 0
    for label in LABELS[len(INTRO_PARTS) :]:
        hit = meaning.found(label)
        if hit is not None:
            intents.add(INTENT_OF_LABEL[label])
            evidence[INTENT_OF_LABEL[label]] = text.quote(hit.span.first, hit.span.last)
            at_word[INTENT_OF_LABEL[label]] = hit.span.first
    asked = asks_for_contact(text.transcript.text)
    if asked is not None:
        intents.add("contact_request")
        evidence["contact_request"] = asked.group(0)
        at_word["contact_request"] = len(text.transcript.text[: asked.start()].split())
        if not _gives_details(text.transcript.text):
            intents.discard("contact")  # "what is her email address?" gives no details
    if {"yes", "no"} <= intents:  # "sure, but not today": keep the surer of the two
        intents.discard("no" if meaning.confidence("yes") >= meaning.confidence("no") else "yes")
    questions = tuple(_questions(text, meaning, _direct(meaning, intents)))
    if not questions:
        intents.discard("question")
    wishes = tuple(_questions(text, meaning, _indirect_questions(meaning, intents), wishes=True))
    return TurnIntents(frozenset(intents), questions, evidence, at_word, wishes)


# A request for someone's email or number: a way to ask ("could I get", "what's", "do you
# have", "could you give me") and, within a few words, the details asked for; or an
# offer to write to them directly ("I'll just email her", "could I send him an email?"). The
# caller's own ("could you take my number") is no request.
_CONTACT_ASK = re.compile(
    r"\b(?:(?:could|can|may|might) (?:i|we) (?:get|have|grab|take down|ask for)"
    r"|(?:could|can|would) you (?:give|pass|send|share|tell)(?: me| us)?"
    r"|(?:what|where)(?:'s| is)|do you have|is there)\b[^.?!]{0,60}?"
    r"\b(?:(?:e-?)?mail(?: address)?|address|direct (?:line|number|dial)|extension"
    r"|(?:phone|mobile|cell)(?: number)?|contact (?:details|info|information|number)|number)"
    r"\b(?! of\b)"
    r"|\b(?:i|i'll|i'd|i will|i could|i can|could i|can i|should i|may i)\s+(?:just\s+)?"
    r"(?:e-?mail (?:her|him|them)|send (?:her|him|them) an? (?:e-?mail|message|note))\b",
    re.IGNORECASE,
)


def asks_for_contact(text: str) -> re.Match[str] | None:
    """Where the turn asks for someone else's email or number ("Could I get her email
    address?", "Do you have a direct line for him?"), or None. An exact rule: the request is
    in its words, and the receptionist answers it the same way whoever asks."""
    return next(
        (m for m in _CONTACT_ASK.finditer(text) if not re.search(r"\b(?:my|mine)\b", m[0], re.I)),
        None,
    )


def _gives_details(text: str) -> bool:
    """The turn holds a phone number or an email address of its own."""
    said = cues(text)
    return bool(said[NAMES.index("digits")] or said[NAMES.index("email")])


def _bare_name(text: str, meaning: Meaning) -> bool:
    """A reply that is only a name ("Jordan Lee."), e.g. to "may I ask who's calling?"; not a
    word the model reads as a reply of another kind ("Absolutely.", "Cheers.") nor a question
    ("Pardon?")."""
    words = re.sub(r"[^\w\s'-]", " ", text).split()
    if text.rstrip().endswith("?") or any(meaning.found(label) for label in _NOT_A_NAME_REPLY):
        return False
    return 1 <= len(words) <= 3 and all(
        w[0].isupper() and w.lower() not in NOT_NAMES for w in words
    )


_NOT_A_NAME_REPLY = ("yes", "no", "thanks", "goodbye", "hostile", "question")


def _questions(
    text: Text, meaning: Meaning, hits: list[Found], wishes: bool = False
) -> list[Question]:
    """The career questions among `hits`: typed open or yes/no by their first words (a wish
    to know is open unless it asks "whether/if": "I wondered how...", "I'm curious about the
    salary side"), and matched to the question bank by meaning. "Could I speak with Karen
    Wells?" is a request to be put through, not a career question."""
    from trainer.understanding.topics import topics_of  # the sentence model: only when asked

    out = []
    requests = [h.span for h in meaning.all_found("transfer_request")]
    for hit in hits:
        if any(hit.span.overlaps(r) for r in requests):
            continue
        parts = _JOINED.split(text.quote(hit.span.first, hit.span.last))
        for s in parts:
            core = question_core(s)
            if len(parts) > 1 and not core:
                continue  # "Thanks, and what about salary?": the thanks asks nothing
            is_open = bool(_OPEN_START.match(core) or (wishes and not _CLOSED_WISH.search(core)))
            if wishes and not _EMBEDDED.search(core):  # "I'm curious about the salary side"
                ids = topics_of(core, clearly=True)
                if not ids:
                    continue  # "I'd love to learn about your work": the purpose, asking nothing
            else:
                ids = topics_of(core)
            out.append(Question(s, ids, is_open))
    return out


def question_core(text: str) -> str:
    """A question's words, lower case, without punctuation or a lead-in ("Okay, so, what do
    you enjoy?" -> "what do you enjoy"): what its form and its bank question are read from."""
    low = " ".join(re.sub(r"[^a-z0-9'\s]", " ", text.lower()).split())
    return _LEADING.sub("", low + " ").strip()


def _direct(meaning: Meaning, intents: set[str]) -> list[Found]:
    """Each clause the model judged a question, and a question's first half that a comma cut
    off ("What's the best part, and what's the worst part?": "What's the best part," alone
    reads as no question), or a question asked beside another ("What's the best part, what's
    the worst part?"; by its question word, so "Can I ask, what's...?" asks one question)."""
    if "question" not in intents:
        return []
    hits = meaning.all_found("question")
    for hit in list(hits):
        joined = re.match(r"(?:and|or)\b", hit.span.text.lower())
        if not joined and not _OPEN_START.match(question_core(hit.span.text)):
            continue
        before = [
            i
            for i, s in enumerate(meaning.spans)
            if s.last == hit.span.first - 1
            and not s.cut
            and not any(s.overlaps(h.span) for h in hits)
        ]
        if before:
            i = min(before, key=lambda i: meaning.spans[i].size)
            core = question_core(meaning.spans[i].text)  # put as a question by its first word
            if _OPEN_START.match(core) or (joined and _YESNO_START.match(core)):
                hits.append(Found(meaning.spans[i], hit.confidence))
    return sorted(hits, key=lambda h: h.span.first)


def _indirect_questions(meaning: Meaning, intents: set[str]) -> list[Found]:
    """Career questions said as a wish to know ("I've always wondered how much of your week
    is surgery", "I'd be keen to know what the training pathway looked like"): the model
    reads them as the purpose, as they are in an intro, but once the expert is answering
    they ask something, and the expert should answer (`TurnIntents.wishes`). A clause that
    reads as a purpose and holds a question word or names a question of the bank ("I'm curious
    about the salary side of things"; `_questions` keeps those); not one that is also a job ask
    ("I'd love to know whether you're hiring"), nor a turn that asks straight out as well."""
    if "question" in intents:
        return []
    asks = meaning.all_found("job_ask")
    return [
        h for h in meaning.all_found("purpose") if not any(h.span.overlaps(a.span) for a in asks)
    ]
