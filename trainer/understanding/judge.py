"""Judges what a transcript means: every clause window gets a probability per label.

`understand(words)` is what scoring and the call intents use. A label is found where some
window's probability reaches the threshold; its evidence is the tightest such window (a clause
rather than the sentence around it) and the earliest one. Negation has scope: a job ask found in
a clause does not count when the sentence around it reads more as a reassurance ("I'm not
calling about a job, or asking you to hire me"), but a negation stops at its clause: a clause
of its own after it is an ask when it reads more as an ask than as the purpose ("I'm not after
advice, honestly, I'm after a job"; not "I'm not after a position, just a chat about the
work"). A condition asks nothing by itself ("If someone with my background applied, ..."), and
a concession set aside by a denial or a purpose asks nothing at all ("Even if you were hiring,
that's not why I'm calling"). A job ask must also have been heard clearly (CLEARLY_HEARD).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from trainer.transcript import Word
from trainer.understanding.classifier import THRESHOLD
from trainer.understanding.clauses import Span, spans, stands_alone
from trainer.understanding.features import NAMES, cues, model_text
from trainer.understanding.labels import INTRO_PARTS, LABELS

CONTEXT_VETO = 0.15  # below this, the sentence as a whole plainly does not mean it
# A job ask is taken only from words heard at least this surely (their mean recognition
# probability). Chosen on the spoken corpus (tests/corpus, the development set for speech):
# false job asks on garbled takes 16 -> 8 of 180 takes, true ones kept 24 of 24.
CLEARLY_HEARD = 0.65
# A job ask read in a window cut out of a long clause ("I'm a career changer interested in UX
# research and would" of "... and would love your take on the field.") needs its whole clause to
# read at least this much as one too. On dev2 and the spoken corpus' hearings: one false job ask
# fewer in each, nothing lost (0.2-0.4 alike).
CUT_VETO = 0.3
# Labels whose clause keeps its own reading beside another clause of its own (`_side_by_side`).
SIDE_BY_SIDE = frozenset(INTRO_PARTS)
_INDEX = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True)
class Found:
    """Where a label was found: the span (word indices) and how sure the classifier is."""

    span: Span
    confidence: float


@dataclass(frozen=True)
class Meaning:
    """Every judged window of one transcript, with a probability per label."""

    spans: tuple[Span, ...]
    probs: np.ndarray  # (len(spans), len(LABELS))
    thresholds: np.ndarray = field(default_factory=lambda: np.full(len(LABELS), THRESHOLD))
    # How surely each span's words were heard (their mean recognition probability; typed
    # words are certain); None: not known, taken as clear.
    clarity: tuple[float, ...] | None = None

    def at_least(self, i: int, label: str) -> bool:
        return bool(self.probs[i, _INDEX[label]] >= self.thresholds[_INDEX[label]])

    def confidence(self, label: str) -> float:
        """The highest probability of `label` anywhere (0 when nothing was said)."""
        if not self.spans:
            return 0.0
        return float(self.probs[:, _INDEX[label]].max())

    def confidence_short_of(self, label: str) -> float:
        """The highest probability of `label` among windows below its threshold: for a part
        that was not found, the windows that reached the line were all set aside by a rule (a
        negated scope, a cut window, someone else's name), so how near the part came is the best
        of the rest, not 0.98 beside "not covered"."""
        if not self.spans:
            return 0.0
        column = self.probs[:, _INDEX[label]]
        below = column[column < self.thresholds[_INDEX[label]]]
        return float(below.max()) if below.size else 0.0

    def found(self, label: str, where: Callable[[Span], bool] | None = None) -> Found | None:
        """The surest of the tightest windows that show `label` (the earliest among equals),
        of those `where` accepts; None when none does."""
        everywhere = self.all_found(label, where)
        if not everywhere:
            return None
        return max(everywhere, key=lambda f: (round(f.confidence, 2), -f.span.first))

    def all_found(self, label: str, where: Callable[[Span], bool] | None = None) -> list[Found]:
        """Every place `label` shows, tightest windows only (a clause rather than the sentence
        around it), in order of their first word; only windows `where` accepts, if given (an
        exact condition the label needs, such as a name). A job ask must also have been heard
        clearly (see `unclear`)."""
        tight = self._tight_hits(label, where)
        if label == "job_ask":
            tight = [i for i in tight if self._heard_clearly(i)]
        return [Found(self.spans[i], float(self.probs[i, _INDEX[label]])) for i in tight]

    def unclear(self, label: str = "job_ask") -> list[Found]:
        """Where `label` shows in words the recogniser was unsure of: not taken as said. A
        garbled phone line turns "is now a good time" into "can you look all day on this
        week?", which can read as anything; a job ask is too grave a charge to rest on it."""
        return [
            Found(self.spans[i], float(self.probs[i, _INDEX[label]]))
            for i in self._tight_hits(label)
            if not self._heard_clearly(i)
        ]

    def _tight_hits(self, label: str, where: Callable[[Span], bool] | None = None) -> list[int]:
        hits = [i for i in range(len(self.spans)) if self.at_least(i, label)]
        if where is not None:
            hits = [i for i in hits if where(self.spans[i])]
        if label == "job_ask":
            hits = [
                i
                for i in hits
                if not self._reassured(i)
                and not self._only_a_condition(i)
                and not self._set_aside_by_a_concession(i)
            ]
        hits = [i for i in hits if not self._out_of_context(i, label)]
        if any(not self.spans[i].cut for i in hits):  # quote a clause, not a cut window
            hits = [i for i in hits if not self.spans[i].cut]
        return [i for i in hits if not any(self.spans[i].contains(self.spans[j]) for j in hits)]

    def heard_clearly(self, span: Span) -> bool:
        """Whether the recogniser was sure of the words of `span`, a judged window."""
        return self._heard_clearly(self.spans.index(span))

    def _heard_clearly(self, i: int) -> bool:
        return self.clarity is None or self.clarity[i] >= CLEARLY_HEARD

    def context(self, span: Span) -> Span:
        """The widest judged window around `span` (its sentence, usually)."""
        around = [s for s in self.spans if s.contains(span)]
        return max(around, key=lambda s: s.size) if around else span

    def surroundings(self, span: Span) -> Span:
        """The tightest judged window around `span` that is not `span` itself (the clause pair
        or the sentence), or `span` when there is none. A long run-on is judged in windows of
        several clauses, whose reading one clause far from `span` may dominate. Of two pairs of
        one size (a middle clause with the one before, or after), the earlier is taken."""
        around = [s for s in self.spans if s.contains(span)]
        return min(around, key=lambda s: s.size) if around else span

    def _out_of_context(self, i: int, label: str) -> bool:
        """A fragment ("Could you give me,") whose sentence plainly means something else
        ("Could you give me, uh, a quarter of an hour?") is not taken on its own: both the
        sentence and the tightest window around the fragment must read so. (In a run-on
        without punctuation the "sentence" is a window of many clauses, which one clause far
        away may dominate: "... I would like to learn about the licensing process here could
        you spare fifteen minutes or is there a better time to call".) Nor does a
        negated clause's reading speak for a job ask in a clause of its own after it ("I'm not
        after tips, honestly, I need a job"), or a sentence's reading for one of the four parts
        said in a clause of its own beside another ("I'm Oliver Grant, and I'm a chemistry
        graduate looking into patent law": the sentence reads as a background; "I'd love to
        learn about your work, and also, are you taking interns?": it reads as the ask).
        Measured on dev and a second independently written dev set: intros 0.977 -> 0.980
        macro-F1, turns 0.895 -> 0.892; the other call intents keep the veto (0.889 with it
        lifted)."""
        whole = self.context(self.spans[i])
        if whole == self.spans[i]:
            return False
        j = self.spans.index(whole)
        if label == "job_ask" and self._beyond_negation(i, j):
            return False
        if label in SIDE_BY_SIDE and self._side_by_side(i, j):
            return False
        near = self.spans.index(self.surroundings(self.spans[i]))
        col = _INDEX[label]
        if label == "job_ask" and self.spans[i].cut:
            clause = self._clause_of(i)
            if clause is not None and self.probs[clause, col] < CUT_VETO:
                return True
        return bool(max(self.probs[j, col], self.probs[near, col]) < CONTEXT_VETO)

    def _clause_of(self, i: int) -> int | None:
        """The tightest whole clause (not itself cut) around the cut window i."""
        around = [
            j
            for j, s in enumerate(self.spans)
            if j != i and not s.cut and s.contains(self.spans[i])
        ]
        return min(around, key=lambda j: self.spans[j].size) if around else None

    def _side_by_side(self, i: int, j: int) -> bool:
        """Window j is clause i and one other clause of its own, before or after it ("I'm
        Oliver Grant, and I'm a chemistry graduate..."; "G'day, Bec Thornton here, I'm ringing
        because..."): two statements side by side, so the sentence's reading, which one of them
        may dominate, does not speak for the other. So is a clause of its own that ends the
        sentence, whatever comes before it ("good day this is Kamran I wanted to ask how you got
        into flying | is now okay"). A fragment ("Could you give me," before "uh, a quarter of
        an hour?") is neither."""
        clause, window = self.spans[i], self.spans[j]
        if clause.cut or _negated(clause.text):
            return False  # a negated clause means little alone ("I'm not after advice so...")
        if clause.first == window.first:
            first, last = clause.last + 1, window.last
        elif clause.last == window.last:
            first, last = window.first, clause.first - 1
        else:
            return False
        if clause.ends_sentence and stands_alone(_uncoordinated(clause.text)):
            return True  # it ends the sentence as a whole statement or question of its own
        other = next((s for s in self.spans if s.first == first and s.last == last), None)
        return other is not None and stands_alone(_uncoordinated(other.text))

    def _reassured(self, i: int) -> bool:
        """Span i, or a wider window around it, reads more as a reassurance than as a job ask
        ("I'm not asking you to pass my CV anywhere")."""
        if self._denies_more(i) or self._asks_only_as_a_whole_with_a_denial(i):
            return True
        if self._taken_back(i):
            return True
        return any(
            self.spans[j].contains(self.spans[i])
            and self._denies_more(j)
            and not (self._beyond_negation(i, j) and self._asks_more_than_learns(i))
            for j in range(len(self.spans))
        )

    def _taken_back(self, i: int) -> bool:
        """Span i, or a window around it, ends with a denial of what came before: a negated
        clause after i that asks nothing, in a window that reads as a denial ("I know you might
        be hiring, | but that's not why I'm calling": the denial leans on "that", so alone it
        reads as nothing, 0.01, but the sentence reads 0.79 as one)."""
        span = self.spans[i]
        for j, window in enumerate(self.spans):
            if window != span and not window.contains(span):
                continue
            if not self.at_least(j, "denies_job"):
                continue
            for k, tail in enumerate(self.spans):
                if (
                    tail.last == window.last
                    and tail.first > span.first
                    and (window == span or tail.first > span.last)
                    and not tail.cut
                    and _negated(tail.text)
                    and not self.at_least(k, "job_ask")
                ):
                    return True
        return False

    def _asks_only_as_a_whole_with_a_denial(self, i: int) -> bool:
        """Window i reads as an ask only as a whole, and ends with a denial: no clause in it
        asks ("I'm an apprentice electrician in Bristol | I'm not looking for work from you"
        reads 0.85 as an ask together, 0.07 and 0.00 apart), so the ask the whole seems to make
        is the one its last clause rules out. A denial that comes first is another matter: what
        follows it may ask in few words ("I'm not asking you to hire me yourself, but could you
        introduce me to the person who does?")."""
        window = self.spans[i]
        inside = [j for j, s in enumerate(self.spans) if window.contains(s) and not s.cut]
        return any(
            self._denies_more(j) and self.spans[j].last == window.last for j in inside
        ) and not any(self.at_least(j, "job_ask") for j in inside)

    def _only_a_condition(self, i: int) -> bool:
        """Span i is, or ends with, a condition ("Say I wanted to work in a lab like yours
        someday,"; "if someone with my background applied,") that leads into more of its
        sentence: it asks nothing by itself. Whether the sentence asks is judged on the clause
        it leads to and on the sentence ("If you're hiring, I'd love to apply" still asks). A
        condition that is only a lead-in to a clause of its own is no condition ("If possible,
        could I be considered for an internship,")."""
        span = self.spans[i]
        if span.ends_sentence:
            return False
        return any(  # the span is, or ends with, the condition
            s.last == span.last
            and s.first >= span.first
            and _CONDITION.match(s.text)
            and not _leads_in(s.text)
            for s in self.spans
        )

    def _set_aside_by_a_concession(self, i: int) -> bool:
        """Span i is a concession ("even if", "whether or not") and a denial or a purpose it
        leads into, which asks nothing: the concession sets its condition aside, so the
        condition's own reading ("Even if you were hiring," reads 1.0 as an ask) does not make
        the sentence an ask ("Even if you were hiring, that's not why I'm calling", "..., I'd
        still just want your advice"). Only then: a clause that asks in few words takes its
        object from the concession ("Even if it's just a trial shift, could I come in?"), as a
        plain condition's does ("If there's an opening, I hope you can refer me", though its
        second clause alone reads 0.12)."""
        span = self.spans[i]
        for c in self.spans:
            if c.first == span.first and c.last < span.last and _CONCESSION.match(c.text):
                rest = next(
                    (
                        j
                        for j, s in enumerate(self.spans)
                        if s.first == c.last + 1 and s.last == span.last
                    ),
                    None,
                )
                if rest is not None:
                    sets_aside = _negated(self.spans[rest].text) or self.at_least(rest, "purpose")
                    return sets_aside and not self.at_least(rest, "job_ask")
        return False

    def _asks_more_than_learns(self, i: int) -> bool:
        """The clause reads more as a job ask than as the purpose: what a clause after a
        denial must do to count as an ask ("I'm not after advice, just a job" asks; "I'm not
        after a position, mind, just a bit of a chat about the work" does not)."""
        return bool(self.probs[i, _INDEX["job_ask"]] > self.probs[i, _INDEX["purpose"]])

    def _denies_more(self, i: int) -> bool:
        deny, job = _INDEX["denies_job"], _INDEX["job_ask"]
        return self.at_least(i, "denies_job") and bool(self.probs[i, deny] > self.probs[i, job])

    def _beyond_negation(self, i: int, j: int) -> bool:
        """Clause i comes after a negated clause of window j and says something of its own, so
        the negation does not reach it and j's reading does not speak for it ("I'm not after
        tips, honestly, I need a job"; "Not to be rude, but could you consider me?"). A
        continuation stays in the negation's scope ("I'm not calling about a job, or asking you
        to hire me"), and a denial after an ask takes the ask back ("any openings? no, I'm not
        asking")."""
        clause, window = self.spans[i], self.spans[j]
        if clause.cut or clause.first <= window.first or not stands_alone(clause.text):
            return False
        before = next(
            (s for s in self.spans if s.first == window.first and s.last == clause.first - 1),
            None,
        )
        return before is not None and _negated(before.text)


_CONDITION = re.compile(
    r"^\W*(?:(?:and|but|so|well|um|uh|er|now|okay|like)\W+)*"
    r"(?:if|even if|say(?!,)|let's say|suppose|supposing|imagine|hypothetically|assuming"
    r"|in case|were i|what if)\b",
    re.IGNORECASE,
)


_CONCESSION = re.compile(
    r"^\W*(?:(?:and|but|so|well|um|uh|er|look|honestly)\W+)*"
    r"(?:even if|even though|even when|whether or not|regardless of whether)\b",
    re.IGNORECASE,
)


def _leads_in(text: str) -> bool:
    """After its first comma, the text goes on with a clause of its own."""
    _, comma, rest = text.partition(",")
    return bool(comma and rest.strip()) and stands_alone(rest)


def _negated(text: str) -> bool:
    return bool(cues(text)[NAMES.index("negation")])


def _uncoordinated(text: str) -> str:
    """A clause without the "and"/"so"/"also" that joins it to the one before."""
    return re.sub(r"^\W*(?:and|so|also|plus)\b[\s,]*", "", text, flags=re.I)


Understand = Callable[[Sequence[Word]], Meaning]
NOTHING = Meaning((), np.zeros((0, len(LABELS)), dtype=np.float32))


def understand(words: Sequence[Word]) -> Meaning:
    """Judge a transcript's words with the shared encoder and classifier (loaded on first use)."""
    from trainer.understanding.classifier import shared_classifier
    from trainer.understanding.encoder import shared_encoder

    windows = spans(words)
    if not windows:
        return NOTHING
    texts = [model_text(s.text) for s in windows]
    model = shared_classifier()
    probs = model.predict(shared_encoder().embed(texts), texts)
    return Meaning(tuple(windows), probs, model.threshold_array(), _clarity(words, windows))


def _clarity(words: Sequence[Word], windows: Sequence[Span]) -> tuple[float, ...]:
    """Each window's mean word probability (typed words are certain: 1.0)."""
    heard = [w.probability for w in words]
    return tuple(float(np.mean(heard[s.first : s.last + 1])) for s in windows)
