"""Cuts a transcript into the stretches that are judged: clauses, sentences, clause pairs.

A part of the intro is proved by a clause ("is now a good time?"), so evidence quotes a clause
and `at_s` is its first word's time. Some meanings need the neighbouring clause ("no pressure,
but are you hiring?"), and a recogniser may leave out punctuation, so sentences, adjacent
clause pairs and long pauses give further windows. Without punctuation, clauses are found by
how they start ("could you...", "I saw your talk", "whenever suits you"), and a long run-on is
judged in runs of whole clauses. Pure: words in, spans out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.transcript import Word

SENTENCE_END = (".", "?", "!")
CLAUSE_END = (",", ";", ":", "\u2014", "--")
CLAUSE_OPENERS = frozenset({"but", "so", "because", "although", "though", "unless", "whenever"})
SUBJECTS = frozenset({"i", "i'm", "i'd", "i've", "i'll", "we", "we're", "you", "it's", "my"})
# How a clause after a comma starts when it says something of its own rather than continuing
# the clause before it: a subject ("..., I'm looking for a position"), a question or request
# ("..., do you have anything?", "..., kindly consider me"), a condition ("..., if you're
# hiring, I'd...") or the "just/only Y" that replaces a denied X ("not much, just a word with
# HR"); a contrast ("but", "though") may come first. "..., or asking you to hire me" and "...,
# but asking you to hire me would be wrong" go on with the clause before.
CONTRASTS = frozenset({"but", "though", "although", "yet", "instead", "rather"})
OWN_OPENERS = SUBJECTS | frozenset(
    {"im", "id", "we'd", "we'll", "what", "please", "kindly", "if", "just", "only"}
    | {"could", "would", "can", "will", "do", "does", "did", "is", "are", "have", "has", "any"}
)
# An auxiliary before its subject asks a question, and starts a clause even unpunctuated,
# unless it is embedded in the clause before (one of EMBEDS among the two words before it:
# "what time would you prefer", "if could you").
AUXILIARIES = frozenset(
    {"could", "would", "can", "will", "may", "might", "shall", "do", "does", "is", "are", "have"}
)
QUESTION_SUBJECTS = frozenset({"you", "i", "we", "there", "it", "this", "now", "that", "ya"})
MODALS = frozenset({"would", "could", "will", "might"})
# What a modal asks about when its subject is an amount or a time ("would ten minutes suit",
# "could half an hour work", "would tomorrow be better").
AMOUNTS = frozenset(
    {"a", "an", "some", "another", "half", "five", "ten", "fifteen", "twenty", "thirty"}
    | {"today", "tomorrow", "later", "monday", "tuesday", "wednesday", "thursday", "friday"}
)
BE_SUBJECTS = frozenset({"there", "now", "it", "this", "your"})  # "is there", "is your team"
EMBEDS = frozenset(
    {"what", "when", "where", "how", "which", "why", "who", "whom", "whose", "if", "whether"}
    | {"that", "so", "and", "or", "nor", "as", "than", "because"}
)
WH_WORDS = frozenset({"what", "how", "why", "where", "when", "which", "who"})
FIRST_PERSON = frozenset({"i", "i'm", "i'd", "i've", "i'll", "im", "id", "ive"})
# Words after which "I" goes on with the clause rather than starting one: it is the subject of
# a clause the word leads into ("how I got", "the field I'm in", "said I should call").
GOES_ON_INTO_I = (
    EMBEDS
    | AUXILIARIES
    | frozenset({"but", "um", "uh", "er", "like", "the", "a", "an", "while", "i", "even"})
    | frozenset({"until", "till", "before", "after", "since", "once", "unless"})
    | frozenset({"think", "thought", "know", "knew", "hope", "hoped", "hoping", "guess", "mean"})
    | frozenset({"say", "said", "says", "wish", "feel", "felt", "believe", "suppose", "told"})
    | frozenset({"tell", "wonder", "wondering", "sure", "glad", "sorry", "afraid"})
    | frozenset({"something", "anything", "everything", "nothing", "someone", "anyone"})
    | frozenset({"everyone", "somebody", "anybody", "thing", "things", "one", "way", "time"})
    | frozenset({"reason", "place", "field", "work", "job", "area", "all"})
    | frozenset({"was", "were", "am", "be", "been", "should", "did"})
    | frozenset({"maybe", "perhaps", "then", "now", "too", "also", "just", "ever", "really"})
)
FILLERS = frozenset({"um", "uh", "er", "erm", "ah", "like"})
LEAD_IN_WORDS = 3
TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "rev", "fr", "sgt", "capt"})
SUFFIXES = frozenset({"jr", "sr"})
PAUSE_S = 0.7  # a pause this long ends a sentence even without punctuation
MAX_WORDS = 28  # longer run-ons are judged in windows of whole clauses up to this length
MIN_CLAUSE_WORDS = 3
LONG_CLAUSE_WORDS = 14  # an unpunctuated clause this long is also judged in shorter windows
SUB_WINDOW = 10


@dataclass(frozen=True)
class Span:
    """Words first..last (inclusive) of the transcript, and their text."""

    first: int
    last: int
    text: str
    cut: bool = False  # a fixed-size window through an unpunctuated stretch, not a clause
    ends_sentence: bool = False  # its last word ends the sentence (not only a run-on's window)

    def contains(self, other: Span) -> bool:
        return self.first <= other.first and other.last <= self.last and self != other

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def spans(words: Sequence[Word]) -> list[Span]:
    """Every window to judge, without duplicates, in order of first word then length."""
    found: dict[tuple[int, int], Span] = {}

    def add(first: int, last: int, sentence_end: int, cut: bool = False) -> None:
        if (first, last) not in found and first <= last:
            text = " ".join(w.text for w in words[first : last + 1]).strip()
            if re.search(r"\w", text):
                found[(first, last)] = Span(first, last, text, cut, last == sentence_end)

    for first, end in _sentences(words):
        clauses = _clauses(words, first, end)
        for a, b in _windows(clauses):
            add(a, b, end)
        for i, (a, b) in enumerate(clauses):
            if b - a + 1 <= MAX_WORDS:  # a longer one is in _windows' pieces
                add(a, b, end)
            if b - a + 1 >= LONG_CLAUSE_WORDS:
                for s in range(a, b - SUB_WINDOW + 2, SUB_WINDOW // 2):
                    add(s, min(s + SUB_WINDOW - 1, b), end, cut=True)
            if i + 1 < len(clauses) and clauses[i + 1][1] - a + 1 <= MAX_WORDS:
                add(a, clauses[i + 1][1], end)
    return sorted(found.values(), key=lambda s: (s.first, s.size))


def _sentences(words: Sequence[Word]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        pause = (
            nxt is not None
            and w.end is not None
            and nxt.start is not None
            and nxt.start - w.end >= PAUSE_S
        )
        if nxt is None or (w.text.endswith(SENTENCE_END) and not _abbreviation(w, nxt)) or pause:
            out.append((start, i))
            start = i + 1
    return out


def _abbreviation(word: Word, nxt: Word) -> bool:
    """ "Dr." or "Ms." before a name, or "Jr." going on in lower case ("Tom Ortiz Jr. suggested
    I call"), is not the end of a sentence."""
    bare = _bare(word.text)
    if bare in TITLES:
        return word.text.endswith(".")
    return bare in SUFFIXES and word.text.endswith(".") and nxt.text[:1].islower()


def _windows(clauses: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence made of `clauses`, or, when it runs on past MAX_WORDS words, runs of whole
    clauses up to that length, one starting at each clause, so that no window begins or ends
    inside a clause (a clause longer than that alone is cut into overlapping windows)."""
    first, last = clauses[0][0], clauses[-1][1]
    if last - first + 1 <= MAX_WORDS:
        return [(first, last)]
    out: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(clauses):
        if b - a + 1 > MAX_WORDS:
            step = MAX_WORDS // 2
            out += [
                (s, min(s + MAX_WORDS - 1, b)) for s in range(a, b - MAX_WORDS + step + 1, step)
            ]
            continue
        end = b
        for _, nb in clauses[i + 1 :]:
            if nb - a + 1 > MAX_WORDS:
                break
            end = nb
        out.append((a, end))
    return out


def _clauses(words: Sequence[Word], first: int, last: int) -> list[tuple[int, int]]:
    cuts: list[tuple[int, int]] = []
    start = first
    for i in range(first, last + 1):
        ends_here = words[i].text.endswith(CLAUSE_END) and i < last
        opener_next = i < last and i + 1 - start >= 2 and _opens_clause(words, i + 1, last)
        if ends_here or opener_next:
            cuts.append((start, i))
            start = i + 1
    cuts.append((start, last))
    # "Hi," or "Well, um," carry nothing alone: they join the next clause.
    merged: list[tuple[int, int]] = []
    carry: int | None = None
    for a, b in cuts:
        a = carry if carry is not None else a
        if b - a + 1 < MIN_CLAUSE_WORDS and b < last:
            carry = a
            continue
        carry = None
        merged.append((a, b))
    if len(merged) > 1 and merged[-1][1] - merged[-1][0] + 1 < MIN_CLAUSE_WORDS:
        tail = merged.pop()
        merged[-1] = (merged[-1][0], tail[1])
    return merged


def _opens_clause(words: Sequence[Word], i: int, last: int) -> bool:
    """ "but"/"so"/... start a clause; so does "and" before a subject ("and I'd love to"), and
    a question put without punctuation before it ("... the licensing process here | could you
    spare fifteen minutes | or is there a better time to call"), as a recogniser writes it."""
    word = _bare(words[i].text)
    if word == "so" and _bare(words[i - 1].text) == "or":
        return False  # "fifteen minutes or so"
    if word in CLAUSE_OPENERS:
        return True
    if word == "and" and i < last and _bare(words[i + 1].text) in SUBJECTS:
        return True
    if word in ("or", "and") and i < last and _asks_or_wh(words, i + 1, last):
        return True  # "... or is there a better time", "... and how do I get started"
    if word in WH_WORDS and _asks(words, i + 1, last) and _bare(words[i - 1].text) != "and":
        return True  # "what do you like most about it | what do you find hardest"
    if word in FIRST_PERSON and _bare(words[i - 1].text) not in GOES_ON_INTO_I:
        return True  # "... here in Toronto I saw your talk", as a recogniser writes it
    two_before = [_bare(w.text) for w in words[max(i - 2, 0) : i]]  # "what time would you..."
    embeds = set(two_before) & EMBEDS if two_before != ["or", "so"] else set()
    return _asks(words, i, last) and not embeds


def _asks_or_wh(words: Sequence[Word], i: int, last: int) -> bool:
    """Words from i put a question: "could you ...", or "what / how ... do you ..."."""
    if _asks(words, i, last):
        return True
    return _bare(words[i].text) in WH_WORDS and _asks(words, i + 1, last)


def _asks(words: Sequence[Word], i: int, last: int) -> bool:
    """Words i, i+1 put a question: an auxiliary before its subject ("could you", "is there",
    "may I")."""
    if i >= last or _bare(words[i].text) not in AUXILIARIES:
        return False
    subject = _bare(words[i + 1].text)
    if _bare(words[i].text) in ("is", "are"):  # "the reason I'm calling is that...": no question
        return subject in BE_SUBJECTS
    if _bare(words[i].text) in MODALS and subject in AMOUNTS:
        return True  # "would ten minutes suit", "could half an hour work"
    return subject in QUESTION_SUBJECTS


def stands_alone(text: str) -> bool:
    """Whether a clause makes its own statement, question or request ("honestly, I'm looking
    for a position", "but could you refer me?"), rather than going on with the one before it
    ("or asking you to hire me", "a referral, anything like that"): a negation in the clause
    before reaches a continuation, not a clause of its own. Hesitations, short lead-ins closed
    by a comma ("honestly,", "as such,", "to be fair,") and a contrast are passed over."""
    words = [w for w in text.split() if _bare(w) not in FILLERS]
    start = 0
    while start < len(words):
        closed = [
            k
            for k in range(start, min(start + LEAD_IN_WORDS, len(words) - 1))
            if words[k].endswith(",")
        ]
        if closed:
            start = closed[-1] + 1
        elif _bare(words[start]) in CONTRASTS:
            start += 1
        else:
            break
    if start >= len(words):
        return False
    first = _bare(words[start])
    if first == "this":  # "this is Darnell Price," says something; "this role or..." goes on
        return start + 1 < len(words) and _bare(words[start + 1]) == "is"
    return first in OWN_OPENERS


def _bare(text: str) -> str:
    return re.sub(r"[^\w']", "", text.lower())
