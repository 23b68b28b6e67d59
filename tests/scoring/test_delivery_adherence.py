"""Delivery metrics from word timings, and adherence to a written script."""

from __future__ import annotations

from trainer import render
from trainer.scoring.feedback import evaluate
from trainer.transcript import Transcript, Word


def timed(
    words: list[str], step: float = 0.4, pauses: dict[int, float] | None = None
) -> Transcript:
    out, t = [], 0.5
    for i, w in enumerate(words):
        t += (pauses or {}).get(i, 0.0)
        out.append(Word(w, round(t, 3), round(t + step * 0.8, 3)))
        t += step
    return Transcript(tuple(out), duration=t + 0.5)


def test_pace_is_words_per_minute_of_speaking_time():
    words = ("my name is Ann Lee and I would love to learn about your work " * 4).split()
    fb = evaluate(timed(words, step=0.4))  # 0.4 s a word = 150 wpm
    assert 140 <= fb.delivery.words_per_minute <= 160
    fast = evaluate(timed(words, step=0.25))  # 240 wpm
    assert fast.delivery.words_per_minute > 200
    assert any("Slow down" in tip for tip in fast.tips)


def test_long_pauses_are_found_and_excluded_from_speaking_time():
    words = "Hi my name is Ann Lee and I would love to learn about your work".split()
    fb = evaluate(timed(words, pauses={5: 3.0}))
    assert len(fb.delivery.pauses) == 1
    assert 2.9 <= fb.delivery.pauses[0]["length_s"] <= 3.1
    assert fb.delivery.longest_pause_s >= 2.9
    steady = evaluate(timed(words))
    assert abs(fb.delivery.speaking_s - steady.delivery.speaking_s) < 0.5


def test_fillers_counted_but_not_like_in_id_like():
    words = "Um, my name is, uh, Ann. I'd like to, like, you know, learn about your work".split()
    fb = evaluate(timed(words))
    assert fb.delivery.fillers == {"um": 1, "uh": 1, "like": 1, "you know": 1}
    assert fb.delivery.filler_count == 4


def test_hedges_and_apologies():
    fb = evaluate(Transcript.from_text("Sorry to bother you, I know you're busy. My name is Ann."))
    assert len(fb.delivery.hedges) == 2
    assert fb.flags["hedges"] is True


def test_adherence_reports_skipped_added_and_lost_elements():
    script = (
        "Hi, my name is Ann Lee. I'm a nursing student at State University. I'd love to learn "
        "about your work. Would you have ten minutes? Is now a good time?"
    )
    take = (
        "Hi, my name is Ann Lee. I'd love to learn about your work. Would you have ten minutes? "
        "I also really enjoyed your recent article."
    )
    fb = evaluate(Transcript.from_text(take), script)
    a = fb.adherence
    assert a is not None and 40 < a.similarity < 95
    assert any("nursing student" in part for part in a.skipped)
    assert any("enjoyed your recent article" in part for part in a.added)
    assert a.lost_elements == ["convenience_check"]
    same = evaluate(Transcript.from_text(script), script).adherence
    assert same.similarity == 100 and not same.skipped and not same.added


def test_adherence_is_reported_in_whole_clauses_never_fragments():
    script = (
        "Hi, my name is Ann Lee, and I am a nursing student at State. I would love to learn "
        "about your work. Would you have ten or fifteen minutes to talk? Is now a good time?"
    )
    take = (
        "Hi, my name is Ann Lee. I would love to learn about your work. Do you have a few "
        "minutes? Is now a good time? By the way, I read your blog post about night shifts."
    )
    fb = evaluate(Transcript.from_text(take), script)
    a = fb.adherence
    assert a is not None
    assert a.skipped == [  # not "am a nursing student at State. I", "ten or fifteen"
        "and I am a nursing student at State.",
        "Would you have ten or fifteen minutes to talk?",
    ]
    assert a.added == ["By the way, I read your blog post about night shifts."]
    unpunctuated = (
        "Hi my name is Ann Lee and I am a student at State I would love to learn about your "
        "work would you have fifteen minutes now"
    )
    fb = evaluate(Transcript.from_text(unpunctuated), script)
    assert fb.adherence.skipped == ["Is now a good time?"]  # not "to talk? Is", "a good time?"
    report = render.report(fb, "take")
    assert 'you skipped: "Is now a good time?"' in report


def test_a_sentence_split_at_a_comma_is_quoted_whole_when_all_of_it_is_skipped():
    script = "Hi, my name is Ann Lee. Is now a good time, or could we talk another day this week?"
    fb = evaluate(Transcript.from_text("Hi, my name is Ann Lee."), script)
    assert fb.adherence.skipped == ["Is now a good time, or could we talk another day this week?"]
    half = evaluate(Transcript.from_text("Hi, my name is Ann Lee. Is now a good time?"), script)
    assert half.adherence.skipped == ["or could we talk another day this week?"]
