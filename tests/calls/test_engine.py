"""The conversation engine on typed turns: each scenario reacts to what was (not) said."""

from __future__ import annotations

from trainer.calls.engine import MAX_SILENT_TURNS, Conversation
from trainer.calls.intents import classify
from trainer.calls.scenario import find
from trainer.transcript import Transcript

INTRO = (
    "Hi, my name is Jordan Lee. I'm a nursing student and I'd love to learn about your work "
    "as a nurse practitioner. Would you have fifteen minutes? Is now a good time?"
)


def play(scenario: str, *turns: str, seed: int = 0) -> tuple[Conversation, list[str]]:
    """Run typed caller turns ("" = silence); returns the conversation and every line said."""
    conv = Conversation(find(scenario), seed)
    said = [u.text for u in conv.opening()]
    for text in turns:
        if conv.ended:
            break
        said += [u.text for u in conv.reply(classify(Transcript.from_text(text).words), text)]
    return conv, said


def test_gatekeeper_transfers_a_caller_with_name_and_purpose():
    conv, _ = play(
        "gatekeeper",
        "Hi, this is Jordan Lee. I'm calling to ask Dana Reyes for "
        "some advice about her career in nursing.",
    )
    assert conv.ended and conv.outcome == "connected"


def test_gatekeeper_asks_what_it_is_regarding_and_never_transfers_without_a_purpose():
    conv, said = play(
        "gatekeeper",
        "Hi, this is Jordan Lee. Could I speak to Dana Reyes?",
        "It's a personal matter.",
        "I'd rather tell her myself.",
        "No thanks.",
    )
    assert any("regarding" in line or "what it's about" in line for line in said)
    assert conv.ended and conv.outcome == "declined"


def test_gatekeeper_takes_a_message():
    conv, said = play(
        "gatekeeper",
        "Hello, could I speak with Dana please?",
        "Jordan Lee.",
        "It is kind of a long story.",
        "Um, I am not sure how to explain it.",
        "Yes please.",
        "Please tell her Jordan Lee called. My number is 555 123 4567.",
    )
    assert conv.outcome == "message_left", said


def test_job_asks_are_declined_everywhere():
    for scenario in ("gatekeeper", "busy-expert", "friendly-expert", "skeptical-expert"):
        conv, _ = play(
            scenario,
            "Hi, I'm Jordan Lee and I'm calling to ask if you have any job openings.",
            "Could I send you my resume?",
        )
        assert conv.outcome == "declined", scenario


def test_busy_expert_schedules_when_the_caller_offers_to_call_back():
    conv, _ = play(
        "busy-expert",
        INTRO,
        "Of course. Could I call you back on Thursday?",
        "Thursday works. Thanks, bye.",
    )
    assert conv.outcome == "scheduled_callback"
    assert conv.objections[0].handled is True


def test_busy_expert_declines_a_caller_who_pushes_on():
    conv, _ = play(
        "busy-expert",
        INTRO,
        "It will only take a second, what qualities matter?",
        "So what about training?",
    )
    assert conv.outcome == "declined"
    assert conv.objections[0].handled is False
    assert conv.objections[0].tip == find("busy-expert").states["busy"].objection_tip


def test_skeptic_needs_the_purpose_reaffirmed():
    ok, _ = play(
        "skeptical-expert",
        "Hi, this is Jordan Lee.",
        "No, I'm not looking for a job. I'd like to learn about your field.",
    )
    assert ok.outcome == "connected" and ok.objections[0].handled
    bad, _ = play(
        "skeptical-expert", "Hi, this is Jordan Lee.", "Well, are you hiring at the moment?"
    )
    assert bad.outcome == "declined" and bad.objections[0].handled is False


def test_friendly_expert_answers_bank_questions_then_closes():
    conv, said = play(
        "friendly-expert",
        INTRO,
        "What qualities do you need to succeed?",
        "How is the field changing?",
        "Thank you so much for your time. Bye.",
    )
    answering = find("friendly-expert").states["answering"].answers
    assert answering["qualities"][0] in said and answering["changing"][0] in said
    assert conv.ended and conv.outcome == "connected" and conv.ended_by == "character"


def test_silence_gets_a_prompt_then_the_call_is_abandoned():
    conv, said = play("gatekeeper", "", "")
    prompts = [line for line in said if line.startswith("Hello?")]
    assert prompts and find("gatekeeper").states["still_there"].lines.count(prompts[0]) == 1
    assert conv.ended and conv.outcome == "abandoned"


def test_speaking_after_the_prompt_answers_the_earlier_question():
    conv, said = play(
        "gatekeeper", "", "Hi, this is Jordan Lee, calling to ask Dana for advice about her career."
    )
    assert conv.outcome == "connected", said


def test_the_same_seed_says_the_same_lines():
    turns = (INTRO, "What qualities matter?", "What advice would you give?", "Thanks, bye.")
    assert play("friendly-expert", *turns, seed=7)[1] == play("friendly-expert", *turns, seed=7)[1]
    variants = {tuple(play("friendly-expert", *turns, seed=s)[1]) for s in range(6)}
    assert len(variants) > 1


def test_a_caller_who_stays_silent_cannot_loop_forever():
    conv, _ = play("voicemail", *[""] * (MAX_SILENT_TURNS + 2))
    assert conv.ended and conv.outcome == "abandoned"


def test_hanging_up_keeps_an_outcome_already_reached():
    conv, _ = play("friendly-expert", INTRO, "What advice would you give?")
    conv.hang_up()
    assert conv.outcome == "connected" and conv.ended_by == "caller"


def test_the_expert_answers_a_question_said_as_a_wish_to_know():
    """Mid-call, "I'd be keen to know what the training pathway looked like for you" asks
    something: the expert answers it (before, it said "So, what would you like to know?"),
    and the report counts it; in the intro the same kind of clause is the purpose."""
    wish = "I'd be keen to know what the training pathway looked like for you."
    conv, said = play("friendly-expert", INTRO, wish)
    answers = find("friendly-expert").states[conv.state.id].answers
    assert said[-1] in answers["training"]
    assert [q.text for q in conv.wishes_answered] == [wish]
    asking_intro = INTRO.replace("learn about your work", "learn how you got started")
    intro_only, _ = play("friendly-expert", asking_intro)
    assert classify(Transcript.from_text(asking_intro).words).wishes
    assert intro_only.wishes_answered == []


def test_a_time_the_caller_turns_down_is_not_the_one_they_agree_to():
    """ "Thursday is tricky for me, could we do Friday?" puts Friday forward: the busy expert
    takes Friday (it used to book Thursday, the first time named, and later said "I suggested
    Thursday, not Friday"), and a counter-offer is no misheard time to coach on; a line that
    opens with the time is capitalised."""
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    turned_down = "Actually Thursday is tricky for me, could we do Friday?"
    conv, said = play("busy-expert", INTRO, offer, turned_down)
    assert "Friday" in said[-2] and conv.outcome == "scheduled_callback"
    assert conv.heard.day == "friday" and conv.offered.day == "friday"
    assert conv.time_mismatches == []
    assert all(line[:1].isupper() for line in said)


def test_a_time_confirmed_wrongly_is_corrected_and_coached():
    """Agreeing to a time other than the one offered, without putting it forward, is a
    mishearing: the expert corrects it, and the report coaches on it."""
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    conv, said = play("busy-expert", INTRO, offer, seed=1)
    offered = conv.offered
    other = "Friday at four" if offered.day != "friday" else "Monday at four"
    conv, said = play("busy-expert", INTRO, offer, f"Great, {other} it is then.", seed=1)
    assert f"not {other}" in said[-1] and conv.time_mismatches


def test_a_question_asked_with_the_intro_is_answered():
    """The friendly expert agrees, then answers the question asked in the same breath rather
    than asking "So, what would you like to know?"."""
    asking = INTRO + " How did you get started in the field?"
    conv, said = play("friendly-expert", asking)
    answers = find("friendly-expert").states["answering"].answers
    assert conv.state.id == "answering"
    assert said[-1] in answers["how_started"]
    _, plain = play("friendly-expert", INTRO)
    assert plain[-1] in find("friendly-expert").states["answering"].lines


def test_a_caller_who_asks_to_hear_it_again_hears_the_same_line():
    """ "Sorry, could you say that again?" makes the other side repeat what it just said, in
    whatever state; the call goes on from there (before, it was an off-topic turn: the
    receptionist offered a message, the expert moved on)."""
    conv, said = play("gatekeeper", "Hi, could I speak to Dana Reyes?", "Sorry, what was that?")
    assert said[-1] == said[-2] and conv.state.id == "ask_who"
    conv, said = play(
        "gatekeeper",
        "Hi, could I speak to Dana Reyes?",
        "Sorry, what was that?",
        "It's Jordan Lee, calling Dana for some advice about her career.",
    )
    assert conv.outcome == "connected", said
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    conv, said = play("busy-expert", INTRO, offer, "Sorry, which day did you say?")
    assert said[-1] == said[-2] and not conv.ended


def test_thanks_mid_call_is_asked_about_before_the_expert_closes():
    """ "Thank you so much for your time." may close the call or only thank for an answer: the
    friendly expert asks, then closes on "no, that's all" and answers a further question."""
    conv, said = play(
        "friendly-expert", INTRO, "What advice would you give?", "Thank you so much for your time."
    )
    assert not conv.ended and said[-1] in find("friendly-expert").states["anything_else"].lines
    conv, _ = play(
        "friendly-expert",
        INTRO,
        "What advice would you give?",
        "Thank you so much for your time.",
        "No, that's everything. Thanks again.",
    )
    assert conv.ended and conv.state.id == "closing" and conv.outcome == "connected"
    conv, said = play(
        "friendly-expert",
        INTRO,
        "What advice would you give?",
        "Thanks, that's really helpful.",
        "Actually yes, how did you get started?",
    )
    assert said[-1] in find("friendly-expert").states["answering"].answers["how_started"]


# A caller who will not say what it is about: the receptionist offers to take a message.
TO_MESSAGE_OFFER = ("Hello, could I speak with Dana please?", "Um, it is kind of a long story.")


def test_asking_the_receptionist_when_to_call_back_gets_an_answer():
    """ "Is there a better time to reach her?" used to get "Alright. Have a good day.": the
    receptionist now says when, and still offers to take a message."""
    conv, said = play("gatekeeper", *TO_MESSAGE_OFFER, "Is there a better time to reach her?")
    assert conv.state.id == "best_time" and not conv.ended, said
    conv, said = play(
        "gatekeeper", *TO_MESSAGE_OFFER, "Not right now. What time is she normally free?"
    )
    assert conv.state.id == "best_time", said  # the question, not the "no", is answered
    conv, _ = play(
        "gatekeeper",
        *TO_MESSAGE_OFFER,
        "Is there a better time to reach her?",
        "Okay, I'll try her then. Thanks, bye.",
    )
    assert conv.ended and conv.outcome == "declined"


def test_asking_the_receptionist_for_the_experts_email_is_answered_not_taken_as_a_message():
    """ "Could I get her email address instead?" used to get "Sure, go ahead: your name, your
    number...": the receptionist now says it is not given out, and offers a message."""
    for ask in ("Could I get her email address instead?", "Do you have a direct line for her?"):
        conv, said = play("gatekeeper", *TO_MESSAGE_OFFER, ask)
        assert conv.state.id == "no_direct_contact" and not conv.ended, said
    conv, said = play(
        "gatekeeper",
        *TO_MESSAGE_OFFER,
        "What's the best email to reach her on?",
        "Okay, I'll try again after three. Thanks, bye.",
    )
    assert conv.ended and conv.outcome == "declined", said
    conv, said = play(
        "gatekeeper",
        *TO_MESSAGE_OFFER,
        "Could I get her email address?",
        "Yes, please. It's Jordan Lee, my number is 555 123 4567.",
    )
    assert conv.outcome == "message_left", said
    # Asked while a message is being taken, it is no message ("Got it, I'll pass it on").
    conv, said = play("gatekeeper", *TO_MESSAGE_OFFER, "Yes, please.", "What is her email address?")
    assert conv.state.id == "no_direct_contact" and conv.outcome != "message_left", said
    conv, said = play("gatekeeper", *TO_MESSAGE_OFFER, "It'd be easier if I just email her.")
    assert conv.state.id == "no_direct_contact", said


def test_a_caller_who_decides_to_call_back_while_a_message_is_taken_is_let_go():
    for turns in (
        ("Yes, please.", "Actually, don't worry, I'll just call back tomorrow. Thanks."),
        ("Yes, please.", "Jordan Lee, about her career.", "Oh, I'll just call back later."),
    ):
        conv, said = play("gatekeeper", *TO_MESSAGE_OFFER, *turns)
        assert conv.ended and conv.state.id == "try_later", said


def test_a_request_for_someones_email_or_number_is_told_from_giving_ones_own():
    for text in (
        "Could I get her email address?",
        "Is there a number I can reach him on?",
        "Could you give me his extension?",
        "What's the best email for Dr. Reyes?",
    ):
        assert "contact_request" in classify(Transcript.from_text(text).words).intents, text
    for text in (
        "Could you take my number?",
        "My email is jordan at example dot com.",
        "What is the number of people on your team?",
        "Could I email you instead?",
    ):
        assert "contact_request" not in classify(Transcript.from_text(text).words).intents, text


def test_a_repeat_after_the_still_there_prompt_repeats_what_came_before_it():
    conv, said = play("gatekeeper", "Hi, could I speak to Dana Reyes?", "", "Sorry, say again?")
    assert said[-2].startswith("Hello?") and said[-1] == said[-3], said


def test_checking_the_time_offered_does_not_accept_it():
    """ "Sorry, did you say Thursday?" used to book the call ("Great, I've made a note"): a
    check is answered by saying the time again; the caller then agrees."""
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    conv, said = play("busy-expert", INTRO, offer, "Sorry, did you say Thursday?")
    assert said[-1] == said[-2] and not conv.ended and conv.time_mismatches == []
    conv, _ = play("busy-expert", INTRO, offer, "Sorry, did you say Thursday?", "Yes, perfect.")
    assert conv.outcome == "scheduled_callback"
    conv, said = play("busy-expert", INTRO, offer, "Sorry, did you say Monday at nine?")
    assert said[-1] == said[-2] and not conv.ended  # a check of another time books nothing


def test_the_skeptic_takes_a_plain_no_and_answers_a_career_question():
    """ "Is this about a job?" "No, not at all." answers it; and a caller who answers the
    skeptic's "what do you want from me, then?" with a career question gets an answer, not
    "I don't have time for this"."""
    conv, said = play("skeptical-expert", "Hi, this is Jordan Lee.", "No, not at all.")
    assert conv.state.id == "reassured" and conv.objections[0].handled, said
    conv, said = play(
        "skeptical-expert",
        "Hi, this is Jordan Lee.",
        "Um, well, sort of, maybe one day.",
        "What's the most challenging part of your job?",
    )
    answers = find("skeptical-expert").states["reassured"].answers
    assert said[-1] in answers["challenging"] and not conv.ended, said


def test_two_questions_in_one_turn_get_two_answers():
    conv, said = play("friendly-expert", INTRO, "What skills matter most, and what does it pay?")
    answers = find("friendly-expert").states["answering"].answers
    assert said[-2] in answers["qualities"] and said[-1] in answers["salary"], said
    conv, said = play(
        "friendly-expert", INTRO, "What's the hardest part and what do you enjoy most?"
    )
    assert {said[-2], said[-1]} <= {*answers["challenging"], *answers["satisfying"]}, said
    assert said[-2] != said[-1]


def test_three_questions_in_one_turn_get_three_answers():
    text = "How did you get started, what's a typical day like, and what do you earn starting out?"
    conv, said = play("friendly-expert", INTRO, text)
    answers = find("friendly-expert").states["answering"].answers
    assert said[-3] in answers["how_started"], said
    assert said[-2] in answers["typical_day"] and said[-1] in answers["salary"], said
    # The first of two put side by side with a comma is asked too.
    conv, said = play("friendly-expert", INTRO, "What's the best part, what's the worst part?")
    assert said[-2] in answers["satisfying"] and said[-1] in answers["challenging"], said


def test_the_friendly_expert_agrees_when_the_first_turn_asks_a_career_question():
    """A caller who gives a name and a career question but never says "advice" used to be
    asked who was calling, then told "I'm not sure what you need... Bye"."""
    conv, said = play("friendly-expert", "Hi, I'm Sam Ortiz. What does a typical day look like?")
    answers = find("friendly-expert").states["answering"].answers
    assert conv.outcome == "connected" and said[-1] in answers["typical_day"], said
    conv, said = play("friendly-expert", "Hi, this is Sam Ortiz.")
    assert said[-1] in find("friendly-expert").states["what_for"].lines  # not "who's calling?"


def test_a_time_turned_down_is_a_no_not_a_booking():
    """ "Thursday morning is difficult for me, I have a lecture." used to book Thursday morning
    ("Okay, Thursday morning it is"): a time named only to turn it down puts nothing forward."""
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    conv, said = play(
        "busy-expert", INTRO, offer, "Thursday morning is difficult for me, I have a lecture."
    )
    assert conv.outcome != "scheduled_callback" and conv.state.id == "other_time", said
    conv, _ = play(
        "busy-expert",
        INTRO,
        offer,
        "Sorry, I can't do Thursday.",
        "Could we do Friday at half ten?",
    )
    assert conv.outcome == "scheduled_callback" and conv.heard.hour == 10.5


def test_the_friendly_expert_asks_once_more_before_giving_up():
    """A nervous caller who gives only a name, then an apology, used to be told "I'm not sure
    what you need. Maybe send me an email? Bye." at once."""
    conv, said = play(
        "friendly-expert",
        "Hello, good afternoon. My name is Emeka Eze.",
        "Oh, um, sorry, I'm a bit nervous. I've never done this before.",
    )
    assert not conv.ended and conv.state.id == "ask_again", said
    conv, said = play(
        "friendly-expert",
        "Hello, good afternoon. My name is Emeka Eze.",
        "Oh, um, sorry, I'm a bit nervous. I've never done this before.",
        "I'm a chemistry student and I'd love some advice about working in a lab.",
    )
    assert conv.outcome == "connected", said


def test_a_caller_who_must_go_mid_call_is_let_go_kindly():
    """ "Could I call you back another time to finish?" was answered "So, what are you curious
    about?"."""
    conv, said = play(
        "friendly-expert",
        INTRO,
        "Oh no, sorry, my bus is here. Could I call you back another time to finish?",
    )
    assert conv.ended and conv.state.id == "finish_later" and conv.outcome == "connected", said


def test_asking_to_stay_in_touch_gets_an_answer():
    conv, said = play("friendly-expert", INTRO, "Would it be okay to connect with you on LinkedIn?")
    answers = find("friendly-expert").states["answering"].answers
    assert said[-1] in answers["keep_in_touch"] and not conv.ended, said


def test_a_caller_who_declines_to_leave_a_message_is_not_asked_for_a_number():
    conv, said = play(
        "gatekeeper",
        "Hello, could I speak with Dana please?",
        "Um, it is kind of a long story.",
        "Yes, please.",
        "Oh, no, sorry, I'll just call back tomorrow.",
    )
    assert conv.ended and conv.state.id == "try_later", said


def test_thanks_for_agreeing_is_not_taken_as_the_end():
    """ "Oh, thank you so much, I really appreciate you making the time." right after the
    expert agreed was answered "Anything you'd like to ask me, or shall we leave it there?"
    before a single question; now the expert invites the questions."""
    conv, said = play(
        "friendly-expert", INTRO, "Oh, thank you so much, I really appreciate you making the time."
    )
    assert not conv.ended and conv.state.id == "answering", said


def test_the_busy_expert_picks_a_time_when_the_caller_leaves_it_to_them():
    offer = "Oh, I'm sorry, I can call back another time if that's better."
    conv, said = play(
        "busy-expert",
        INTRO,
        offer,
        "Thursday morning is difficult for me, I have a lecture.",
        "Any afternoon is fine for me, you pick.",
    )
    assert conv.state.id == "expert_picks" and not conv.ended, said
    conv, _ = play(
        "busy-expert",
        INTRO,
        offer,
        "Thursday morning is difficult for me, I have a lecture.",
        "Any afternoon is fine for me, you pick.",
        "Yes, that's perfect.",
    )
    assert conv.outcome == "scheduled_callback"


def test_the_receptionist_lets_a_caller_go_who_will_call_back():
    conv, said = play(
        "gatekeeper", "Hi, this is Jordan Lee for Dana Reyes.", "Oh, I'll just call back tomorrow."
    )
    assert conv.ended and conv.state.id == "try_later", said
    conv, said = play(
        "gatekeeper",
        "Hello, could I speak with Dana please?",
        "Um, it is kind of a long story.",
        "Never mind, thanks anyway.",
    )
    assert conv.ended and conv.state.id == "goodbye", said
    conv, said = play("gatekeeper", "Hi, this is Jordan Lee for Dana Reyes.", "Never mind, thanks.")
    assert conv.ended and conv.state.id == "try_later", said


def test_the_skeptic_doubts_a_caller_who_denied_a_job_at_once_rather_than_asking_again():
    conv, said = play(
        "skeptical-expert",
        "Hi, I'm Sam Ortiz, I'm not looking for a job, I just wanted some advice about your field.",
        "No, honestly, just advice.",
    )
    assert said[1] in find("skeptical-expert").states["doubting"].lines, said
    assert conv.state.id == "reassured" and conv.objections[0].handled


def test_yes_to_the_skeptics_negative_question_is_a_denial():
    """ "So you're really not after a job here?" "That's right." answers it as plainly as "No"."""
    conv, said = play(
        "skeptical-expert",
        "Hi, I'm Sam Ortiz, I'm not looking for a job, I just wanted some advice about your field.",
        "That's right.",
    )
    assert conv.state.id == "reassured" and conv.objections[0].handled, said


def test_a_caller_who_must_go_and_names_a_time_is_taken_at_their_word():
    conv, said = play(
        "friendly-expert", INTRO, "Sorry, I have to run. Could I call you back tomorrow at three?"
    )
    assert conv.ended and conv.state.id == "finish_at_their_time", said
    assert "tomorrow at three" in said[-1].lower()


def test_the_busy_expert_takes_a_time_named_without_the_word_callback():
    conv, said = play("busy-expert", INTRO, "Oh, sorry. Would Thursday at ten work instead?")
    assert conv.outcome == "scheduled_callback", said
