"""Clause windows and how a judgement picks its evidence: pure, with made-up probabilities."""

from __future__ import annotations

import numpy as np

from trainer.transcript import Transcript, Word
from trainer.understanding.clauses import spans, stands_alone
from trainer.understanding.judge import Meaning
from trainer.understanding.labels import LABELS


def texts(text: str) -> list[str]:
    return [s.text for s in spans(Transcript.from_text(text).words)]


def test_sentences_and_clauses_are_windows_and_short_openers_join_the_next_clause():
    got = texts("Hi, this is Sam Ortiz. No pressure, but are you hiring?")
    assert "Hi, this is Sam Ortiz." in got  # "Hi," alone carries nothing
    assert "Hi," not in got
    assert "No pressure, but are you hiring?" in got


def test_a_clause_starts_at_but_and_at_and_before_a_subject():
    got = texts("I had a good time at your talk and I'd love to learn about your career.")
    assert "I had a good time at your talk" in got
    assert "and I'd love to learn about your career." in got
    # "or so" is an amount's hedge, not "so" starting a clause.
    got = texts("could you spare fifteen minutes or so is this an okay time")
    assert "could you spare fifteen minutes or so" in got and "is this an okay time" in got
    # "ten or fifteen minutes" is not cut at "or".
    assert "Would you have ten or fifteen minutes?" in texts(
        "Would you have ten or fifteen minutes?"
    )


def test_an_unpunctuated_question_starts_a_clause_unless_it_is_embedded():
    got = texts(
        "i would like to learn about the licensing process here could you spare fifteen "
        "minutes or is there a better time to call"
    )
    assert "could you spare fifteen minutes" in got
    assert "or is there a better time to call" in got
    # Embedded in the clause before: no question of its own.
    got = texts("i wanted to know what time would you prefer for a call")
    assert "would you prefer for a call" not in got
    assert not any(t.startswith("could you") for t in texts("i wonder if could you help me"))
    # A statement with "is" is no question: "the reason I'm calling is that..." stays whole.
    got = texts("the reason im calling is that id love to learn about your work")
    assert got == ["the reason im calling is that id love to learn about your work"]
    got = texts("i love your work and could you spare ten minutes")
    assert "and could you spare ten minutes" in got
    # A question word before its auxiliary and subject starts a question too.
    got = texts("what do you like most about it what do you find hardest and how do i start")
    assert "what do you like most about it" in got and "what do you find hardest" in got
    assert "and how do i start" in got


def test_unpunctuated_a_subject_i_starts_a_clause_unless_the_word_before_leads_into_it():
    got = texts("hi I'm Luana from Brazil I'm studying UX design here in Toronto I saw your talk")
    assert "I'm studying UX design here in Toronto" in got
    assert "I saw your talk" in got
    # The subject of a clause the word before opens ("how I got", "the field I am in").
    assert texts("i want to know how i got into the field i am in") == [
        "i want to know how i got into the field i am in"
    ]


def test_unpunctuated_a_modal_before_an_amount_or_a_day_asks_a_question():
    got = texts("i'd love to ask about architecture would twenty minutes next week work for you")
    assert "would twenty minutes next week work for you" in got
    assert "or would tomorrow be better" in texts("is now okay or would tomorrow be better")
    assert texts("i could do ten minutes") == ["i could do ten minutes"]


def test_a_long_run_on_is_judged_in_runs_of_whole_clauses():
    text = (
        "hello my name is Grace Mensah I want to say first I am not looking for a job I only "
        "want to learn how you built your career in public health is now a convenient time"
    )
    windows = [s for s in spans(Transcript.from_text(text).words) if not s.cut]
    assert max(s.size for s in windows) <= 28
    # Every window starts where a clause does, never inside one ("looking for a job I...").
    assert {s.text.split()[0] for s in windows} == {"hello", "I", "is"}
    assert "is now a convenient time" in [s.text for s in windows]


def test_a_title_or_jr_before_the_rest_of_a_name_does_not_end_the_sentence():
    assert "Could I speak with Dr. Amara Osei, please?" in texts(
        "Could I speak with Dr. Amara Osei, please?"
    )
    assert "Tom Ortiz Jr. suggested I call you." in texts("Tom Ortiz Jr. suggested I call you.")
    assert "This is Tom Ortiz Jr." in texts("This is Tom Ortiz Jr. Is now a good time?")


def test_a_long_pause_ends_a_sentence_without_punctuation():
    words = (
        Word("hi", 0.0, 0.2),
        Word("this", 0.3, 0.5),
        Word("is", 0.5, 0.6),
        Word("sam", 0.6, 0.9),
        Word("is", 2.0, 2.1),
        Word("now", 2.1, 2.3),
        Word("good", 2.3, 2.6),
    )
    got = [s.text for s in spans(words)]
    assert "hi this is sam" in got and "is now good" in got
    assert "hi this is sam is now good" not in got


def test_run_on_text_gets_bounded_windows():
    words = Transcript.from_text(" ".join(["word"] * 100)).words
    assert max(s.size for s in spans(words)) <= 28


def test_empty_and_punctuation_only_give_no_windows():
    assert spans(()) == []
    assert spans(Transcript.from_text("... ?").words) == []


def meaning(text: str, probs: dict[str, dict[str, float]]) -> Meaning:
    """A Meaning whose windows get the given label probabilities (0 elsewhere)."""
    windows = tuple(spans(Transcript.from_text(text).words))
    table = np.zeros((len(windows), len(LABELS)), dtype=np.float32)
    for i, w in enumerate(windows):
        for label, p in probs.get(w.text, {}).items():
            table[i, LABELS.index(label)] = p
    return Meaning(windows, table)


def test_evidence_is_the_surest_of_the_tightest_windows():
    m = meaning(
        "Is now a good time, or should I call back? Is now okay?",
        {
            "Is now a good time, or should I call back?": {"convenience_check": 0.9},
            "Is now a good time,": {"convenience_check": 0.8},
            "Is now okay?": {"convenience_check": 0.95},
        },
    )
    found = m.found("convenience_check")
    assert found is not None and found.span.text == "Is now okay?"
    assert [f.span.text for f in m.all_found("convenience_check")] == [
        "Is now a good time,",
        "Is now okay?",
    ]
    assert m.confidence("convenience_check") > 0.94


def test_a_part_not_found_reports_how_near_it_came_below_the_line():
    """A window above the line that a rule set aside (here: any) is not what "not covered"
    should show beside it; the best window below the line is."""
    m = meaning(
        "Is now a good time, or should I call back?",
        {
            "Is now a good time, or should I call back?": {"convenience_check": 0.98},
            "Is now a good time,": {"convenience_check": 0.3},
        },
    )
    assert abs(m.confidence_short_of("convenience_check") - 0.3) < 1e-6
    assert m.confidence_short_of("job_ask") == 0.0


def test_a_job_ask_inside_a_reassurance_is_not_an_ask():
    text = "I'm not calling about a job, but asking you to hire me would be wrong."
    reassurance = {"denies_job": 0.9, "job_ask": 0.1}
    m = meaning(
        text, {text: reassurance, "but asking you to hire me would be wrong.": {"job_ask": 0.7}}
    )
    assert m.found("job_ask") is None
    # Without the reassurance around it, the same clause is an ask.
    m = meaning(
        text,
        {text: {"job_ask": 0.3}, "but asking you to hire me would be wrong.": {"job_ask": 0.7}},
    )
    assert m.found("job_ask") is not None


def test_a_fragment_whose_sentence_plainly_means_something_else_is_not_taken():
    text = "Could you give me, a quarter of an hour?"
    m = meaning(text, {"Could you give me,": {"job_ask": 0.9}, text: {"time_request": 0.9}})
    assert m.found("job_ask") is None
    assert m.found("time_request") is not None


def test_a_name_said_beside_a_clause_of_its_own_is_not_drowned_by_the_sentence():
    text = "I'm Oliver Grant, and I'm a chemistry graduate looking into patent law."
    name = {"I'm Oliver Grant,": {"identification": 0.97}, text: {"identification": 0.02}}
    found = meaning(text, name).found("identification")
    assert found is not None and found.span.text == "I'm Oliver Grant,"
    # A fragment is still vetoed by its sentence: what follows is no clause of its own.
    text = "I'm Oliver, uh, a quarter of an hour?"
    fragment = {"I'm Oliver,": {"identification": 0.9}, text: {"identification": 0.02}}
    assert meaning(text, fragment).found("identification") is None
    # Nor is a negated clause taken alone ("I'm not Oliver Grant, and I'm calling about...").
    text = "I'm not Oliver Grant, and I'm calling about the bill."
    negated = {"I'm not Oliver Grant,": {"identification": 0.9}, text: {"identification": 0.02}}
    assert meaning(text, negated).found("identification") is None


def test_a_question_that_ends_its_sentence_is_not_drowned_by_the_sentence():
    text = (
        "good day this is Kamran I wanted to ask how you got your first job as a pilot is now okay"
    )
    before = "good day this is Kamran I wanted to ask how you got your first job as a pilot"
    probs = {"is now okay": {"convenience_check": 0.99}, text: {"purpose": 0.99}}
    probs[before] = {"purpose": 0.99}
    found = meaning(text, probs).found("convenience_check")
    assert found is not None and found.span.text == "is now okay"
    # A fragment that does not end its sentence is still vetoed ("Could you give me," above).


def test_a_purpose_beside_a_job_ask_of_its_own_is_not_drowned_by_the_sentence():
    text = "I'd love to learn about your work, and also, are you taking interns?"
    probs = {
        "I'd love to learn about your work,": {"purpose": 0.98},
        "and also, are you taking interns?": {"job_ask": 0.99},
        text: {"purpose": 0.1, "job_ask": 0.9},
    }
    found = meaning(text, probs).found("purpose")
    assert found is not None and found.span.text == "I'd love to learn about your work,"
    assert meaning(text, probs).found("job_ask") is not None


def test_a_condition_asks_nothing_by_itself_but_the_clause_it_leads_to_can():
    text = "Say I wanted to work in a lab like yours someday, what should I study first?"
    probs = {"Say I wanted to work in a lab like yours someday,": {"job_ask": 0.8}}
    probs[text] = {"job_ask": 0.3}  # above the sentence veto: only the condition rule stops it
    assert meaning(text, probs).found("job_ask") is None
    # A lead-in before a question of its own is no condition.
    text = "If possible, could I be considered for an internship, or is that too much?"
    lead = "If possible, could I be considered for an internship,"
    assert lead in texts(text)
    probs = {lead: {"job_ask": 0.9}, text: {"job_ask": 0.3}}
    assert meaning(text, probs).found("job_ask") is not None
    text = "If you're hiring, I'd love to apply."
    probs = {"If you're hiring,": {"job_ask": 0.9}, "I'd love to apply.": {"job_ask": 0.9}}
    probs[text] = {"job_ask": 0.95}
    found = meaning(text, probs).found("job_ask")
    assert found is not None and found.span.text == "I'd love to apply."
    # A condition that is the whole sentence is judged as said ("If there's any opening?").
    assert meaning("If there's any opening?", {"If there's any opening?": {"job_ask": 0.9}}).found(
        "job_ask"
    )


def test_a_concession_set_aside_by_a_denial_or_a_purpose_asks_nothing():
    text = "Even if you had an opening, I'm not here for that."
    concession, rest = "Even if you had an opening,", "I'm not here for that."
    probs = {concession: {"job_ask": 1.0}, text: {"job_ask": 0.9}, rest: {"job_ask": 0.01}}
    assert meaning(text, probs).found("job_ask") is None
    text = "Even if you were hiring, I'd still just want your advice."
    concession, rest = "Even if you were hiring,", "I'd still just want your advice."
    probs = {concession: {"job_ask": 1.0}, text: {"job_ask": 0.9}, rest: {"purpose": 0.9}}
    assert meaning(text, probs).found("job_ask") is None
    # A short ask takes its object from the concession: still an ask.
    text = "Even if it's just a trial shift, could I come in?"
    probs = {"Even if it's just a trial shift,": {"job_ask": 1.0}, text: {"job_ask": 0.95}}
    assert meaning(text, probs).found("job_ask") is not None
    # A plain condition is not set aside ("If you're hiring, I wouldn't say no.").
    text = "If you're hiring, I wouldn't say no."
    probs = {"If you're hiring,": {"job_ask": 1.0}, text: {"job_ask": 0.99}}
    assert meaning(text, probs).found("job_ask") is not None


def test_an_ask_read_only_in_a_whole_that_ends_with_a_denial_is_no_ask():
    text = "I'm an apprentice electrician in Bristol I'm not looking for work from you"
    background, denial = (
        "I'm an apprentice electrician in Bristol",
        "I'm not looking for work from you",
    )
    assert background in texts(text) and denial in texts(text)
    probs = {text: {"job_ask": 0.85, "denies_job": 0.51}, denial: {"denies_job": 1.0}}
    assert meaning(text, probs).found("job_ask") is None
    # A denial first, then a short ask that leans on it: an ask.
    text = "I'm not asking you to hire me yourself, but could you introduce me to whoever does?"
    probs = {
        text: {"job_ask": 0.99},
        "I'm not asking you to hire me yourself,": {"denies_job": 1.0},
    }
    assert meaning(text, probs).found("job_ask") is not None


def test_a_denial_that_leans_on_what_came_before_takes_it_back():
    text = "I know you might be hiring, but that's not why I'm calling."
    first, denial = "I know you might be hiring,", "but that's not why I'm calling."
    probs = {first: {"job_ask": 1.0}, denial: {"denies_job": 0.01}}
    probs[text] = {"job_ask": 0.89, "denies_job": 0.79}
    assert meaning(text, probs).found("job_ask") is None
    # Not when the sentence does not read as a denial ("Are you hiring, or no?").
    probs[text] = {"job_ask": 0.89, "denies_job": 0.2}
    assert meaning(text, probs).found("job_ask") is not None


def test_in_a_run_on_a_clause_is_vetoed_only_if_its_neighbours_read_otherwise_too():
    text = (
        "i am a pharmacist from lagos and i would like to learn about it could you spare ten "
        "minutes or is there a better time to call"
    )
    ask = "or is there a better time to call"
    windows = texts(text)
    pair = next(t for t in windows if t.endswith(ask) and t.startswith("could you"))
    probs = {ask: {"convenience_check": 0.95}, pair: {"convenience_check": 0.9}}
    found = meaning(text, probs).found("convenience_check")  # though the run-on reads 0
    assert found is not None and found.span.text == ask
    probs[pair] = {"convenience_check": 0.05}  # now its neighbours read otherwise too
    assert meaning(text, probs).found("convenience_check") is None


def test_a_job_ask_heard_unsurely_is_told_apart_and_not_taken():
    text = "Hi, I'm Ann. Are you hiring at the moment?"
    ask = {"Are you hiring at the moment?": {"job_ask": 0.95}}
    base = meaning(text, ask)
    for clarity, taken in ((0.9, True), (0.4, False)):
        m = Meaning(base.spans, base.probs, clarity=tuple(clarity for _ in base.spans))
        assert (m.found("job_ask") is not None) is taken
        assert [f.span.text for f in m.unclear()] == ([] if taken else [ask_text(ask)])


def ask_text(probs: dict) -> str:
    return next(iter(probs))


def test_a_hedge_before_an_ask_does_not_cancel_it():
    text = "No pressure, but are you hiring?"
    m = meaning(text, {text: {"job_ask": 0.9, "denies_job": 0.6}})
    assert m.found("job_ask") is not None


def test_a_clause_of_its_own_stands_alone_and_a_continuation_does_not():
    assert stands_alone("honestly, I'm looking for a position.")
    assert stands_alone("but could you refer me?")
    assert stands_alone("as such, but if you have something, I'd take it.")
    assert stands_alone("just for you to pass my name on.")
    assert stands_alone("This is Darnell Price,")  # a name said beside a purpose
    assert not stands_alone("this role or any other.")
    assert not stands_alone("or asking you to hire me.")
    assert not stands_alone("a referral, anything like that.")
    assert not stands_alone("but asking you to hire me would be wrong.")
    assert not stands_alone("to be honest.")


def test_a_negation_does_not_reach_a_clause_of_its_own_after_it():
    # "Not X, Y": the sentence as a whole reads as a reassurance, the clause after it is an ask.
    text = "I'm not after tips, honestly, I need a job."
    m = meaning(
        text,
        {
            text: {"denies_job": 0.95, "job_ask": 0.05},
            "I'm not after tips,": {"denies_job": 0.3},
            "honestly, I need a job.": {"job_ask": 0.9},
        },
    )
    found = m.found("job_ask")
    assert found is not None and found.span.text == "honestly, I need a job."
    # A continuation stays in the negation's scope.
    text = "I'm not calling about a job, or asking you to hire me."
    m = meaning(
        text,
        {
            text: {"denies_job": 0.95, "job_ask": 0.05},
            "I'm not calling about a job,": {"denies_job": 0.95},
            "or asking you to hire me.": {"job_ask": 0.9},
        },
    )
    assert m.found("job_ask") is None


def test_a_denial_after_an_ask_takes_it_back():
    text = "You'd hardly have openings, and I'm not asking about them."
    m = meaning(
        text,
        {
            text: {"denies_job": 0.9, "job_ask": 0.2},
            "You'd hardly have openings,": {"job_ask": 0.9},
            "and I'm not asking about them.": {"denies_job": 0.9},
        },
    )
    assert m.found("job_ask") is None


def test_a_window_reading_more_as_a_reassurance_outranks_a_weaker_ask_in_it():
    text = "I'm not hoping you'll hire me, I just want to learn."
    probs = {
        "I'm not hoping you'll hire me,": {"job_ask": 0.7, "denies_job": 0.3},
        text: {"job_ask": 0.75, "denies_job": 0.8},
    }
    assert meaning(text, probs).found("job_ask") is None
    probs[text] = {"job_ask": 0.8, "denies_job": 0.75}  # reads more as an ask: it stands
    assert meaning(text, probs).found("job_ask") is not None


def test_a_number_read_out_in_groups_is_a_phone_number_cue():
    from trainer.understanding.features import NAMES, cues

    def digits(text: str) -> bool:
        return bool(cues(text)[NAMES.index("digits")])

    assert digits("zero four one two, three three four, five six one")
    assert digits("My number's oh seven seven double nine, four two six, eight one three.")
    assert digits("it's 07700 900123")
    assert not digits("I have one, two, three questions")
    assert not digits("Is $85,000 a fair starting salary?")
    assert not digits("It grew from 2019 to 2020")
    assert not digits("I was there two, three times, maybe four")


def test_a_job_ask_in_a_window_cut_from_a_long_clause_needs_its_clause_to_lean_that_way():
    text = "I'm a career changer interested in UX research and would love your take on the field."
    cut = "I'm a career changer interested in UX research and would"
    assert cut in texts(text)
    probs = {cut: {"job_ask": 0.64}, text: {"job_ask": 0.17}}
    assert meaning(text, probs).found("job_ask") is None
    probs[text] = {"job_ask": 0.35}  # the clause leans that way too: the tighter window is quoted
    found = meaning(text, probs).found("job_ask")
    assert found is not None and found.span.text == cut
