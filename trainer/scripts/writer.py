"""Writes an intro script from a few facts, in a chosen style. Every style covers the four
elements (identification, purpose as information, bounded time, convenience check).

What is being researched may be a field ("user research"), a role ("nurse manager") or an
organisation ("Google"); each gets its own grammar ("a career in", "a career as a", "careers
at"), and the free-text facts are fitted into sentences (capitals, articles, commas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.errors import InputError

STYLES = ("warm", "brief", "formal")
KINDS = ("field", "role", "organisation")
_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()

# The last word of a role: "nurse manager", "UX researcher", "software engineers".
ROLE_NOUNS = frozenset(
    """manager engineer designer developer programmer scientist analyst nurse teacher doctor
    physician surgeon lawyer attorney accountant architect consultant researcher therapist
    pharmacist technician tech assistant director officer specialist coordinator administrator
    writer editor journalist reporter producer planner economist psychologist counselor
    counsellor librarian paralegal strategist recruiter practitioner dentist hygienist
    veterinarian electrician plumber carpenter chef cook pilot firefighter paramedic midwife
    professor lecturer executive founder owner representative agent broker advisor adviser
    auditor actuary statistician biologist chemist physicist entrepreneur artist illustrator
    photographer marketer salesperson associate worker clerk investigator inspector curator
    archivist translator interpreter tutor coach trainer instructor mechanic operator partner
    principal dietitian nutritionist optometrist radiographer sonographer secretary banker
    diplomat ranger scientist animator musician composer engineer lead head chief president
    underwriter surveyor geologist epidemiologist pathologist radiologist anesthesiologist
    dermatologist pediatrician psychiatrist social-worker copywriter marketer tester steward
    cashier receptionist buyer merchandiser estimator controller treasurer officer""".split()
)
# Not a role but a person's situation, for the background sentence ("a recent graduate").
_PERSON_NOUNS = ROLE_NOUNS | {
    "student",
    "graduate",
    "grad",
    "major",
    "intern",
    "apprentice",
    "veteran",
    "parent",
    "volunteer",
    "undergraduate",
    "undergrad",
    "postdoc",
    "fellow",
    "trainee",
    "resident",
}
# The last word of an organisation's name, or an organisation type ("a law firm").
_ORG_WORDS = frozenset(
    """inc inc. llc ltd ltd. corp corp. corporation company co co. group hospital clinic
    university college bank foundation agency labs lab partners associates institute council
    ministry studio studios systems technologies solutions firm startup start-up nonprofit
    non-profit charity organisation organization agency publisher museum library newspaper
    magazine school district department consultancy""".split()
)
_GENERIC_ORGS = frozenset(
    {
        "firm",
        "startup",
        "start-up",
        "nonprofit",
        "non-profit",
        "charity",
        "agency",
        "hospital",
        "clinic",
        "bank",
        "school",
        "museum",
        "library",
        "newspaper",
        "magazine",
        "publisher",
        "company",
        "consultancy",
        "studio",
        "lab",
    }
)
# Capitalised but still a field: "Data Science", "Marketing", "UX".
_FIELD_WORDS = frozenset(
    """law medicine research design science sciences health care healthcare data art arts media
    policy sales tech technology work education finance insurance architecture agriculture
    nursing pharmacy dentistry journalism communications psychology engineering accounting
    marketing consulting banking publishing teaching business management development
    administration government relations security software hardware product products
    analytics economics statistics biology chemistry physics mathematics math history""".split()
)
_FIELD_ACRONYMS = frozenset({"UX", "UI", "HR", "IT", "AI", "PR", "QA", "ML", "IP", "ESG"})
_FIELD_SUFFIXES = ("ics", "ology", "ogy", "ism", "istry", "ment", "tion", "sion", "ence")
_AN_LETTERS = set("AEFHILMNORSX")  # acronyms said with a vowel sound: "an HR manager"
_A_BEFORE = ("uni", "use", "usu", "uti", "uro", "eu", "one", "once", "ubiq")
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")
_ABBREVIATIONS = {"jr.", "sr.", "inc.", "ltd.", "co.", "corp.", "ph.d.", "m.d.", "d.o.", "esq."}
_DETERMINERS = {
    "a",
    "an",
    "the",
    "my",
    "one",
    "currently",
    "now",
    "also",
    "still",
    "just",
    "recently",
    "another",
    "someone",
    "somebody",
}


@dataclass(frozen=True)
class ScriptFacts:
    name: str
    background: str = ""  # "a nursing student at State", "a teacher moving into UX design"
    field: str = ""  # the field, role or organisation being researched
    referral: str = ""  # who suggested the call
    minutes: int = 15
    style: str = "warm"
    kind: str | None = None  # "field", "role" or "organisation"; None: tell from the words

    def validate(self) -> None:
        if not self.name.strip():
            raise InputError("a script needs your name (--name)")
        if not self.field.strip():
            raise InputError(
                "a script needs the field, role or organisation you're researching (--field)"
            )
        if self.style not in STYLES:
            raise InputError(f"unknown style '{self.style}': choose {', '.join(STYLES)}")
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"unknown kind '{self.kind}': choose {', '.join(KINDS)}")
        if not 5 <= self.minutes <= 30:
            raise InputError("--minutes: ask for between 5 and 30 minutes (10 or 15 is best)")


def minutes_phrase(minutes: int) -> str:
    if minutes == 15:
        return "ten or fifteen minutes"
    if minutes < len(_NUMBERS):
        return f"{_NUMBERS[minutes]} minutes"
    tens, unit = divmod(minutes, 10)
    word = {2: "twenty", 3: "thirty"}[tens]
    return f"{word}-{_NUMBERS[unit]} minutes" if unit else f"{word} minutes"


def _bare(word: str) -> str:
    return word.lower().strip(".,;:!?\"'()")


def _singular(word: str) -> str:
    w = _bare(word)
    for cut in ("es", "s"):
        if w.endswith(cut) and w[: -len(cut)] in _PERSON_NOUNS:
            return w[: -len(cut)]
    return w


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an)\s+", "", text, flags=re.IGNORECASE)


def _head(text: str) -> str:
    """The words before 'at', 'in', 'with', 'for', 'who', ',': 'nurse manager' in 'nurse
    manager at Mercy'."""
    return re.split(r"\s+(?:at|in|with|for|from|who|on|and)\s+|,", text, maxsplit=1)[0].strip()


def _is_org_name(words: list[str]) -> bool:
    """Capitalised (or an acronym like IBM) and not a field: 'Google', 'Harper and Lane'."""
    last = words[-1]
    if last.isupper() and last in _FIELD_ACRONYMS:
        return False
    if not any(w[:1].isupper() for w in words):
        return False
    bare = _bare(last)
    if bare in _FIELD_WORDS or bare.endswith(_FIELD_SUFFIXES):
        return False
    return not (bare.endswith("ing") and len(bare) >= 7)  # "Nursing", not "Boeing"


def kind_of(subject: str) -> str:
    """Is 'what you're researching' a field, a role or an organisation? A best guess from the
    words; `--kind` overrides it."""
    text = _strip_article(_clean_field(subject))
    head = _head(text) or text
    words = head.split()
    if not words:
        return "field"
    if _singular(words[-1]) in ROLE_NOUNS:
        return "role"
    if "&" in text or _bare(words[-1]) in _ORG_WORDS or _is_org_name(text.split()):
        return "organisation"
    return "field"


def article(phrase: str) -> str:
    """'a' or 'an' by sound: an engineer, a user researcher, an HR manager, a UX designer."""
    first = phrase.split()[0]
    letters = re.sub(r"[^A-Za-z]", "", first)
    if not letters:
        return "a"
    if len(letters) > 1 and letters.isupper():
        return "an" if letters[0] in _AN_LETTERS else "a"
    low = letters.lower()
    if low.startswith(_A_BEFORE):
        return "a"
    if low.startswith(_AN_BEFORE):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def _lower_title_case(text: str) -> str:
    """'Data Science' -> 'data science' (typed in Title Case); acronyms and mixed text stay."""
    words = text.split()
    if words and all(w[:1].isupper() and not w.isupper() for w in words if w[:1].isalpha()):
        return " ".join(w[:1].lower() + w[1:] for w in words)
    return text


def _clean_field(subject: str) -> str:
    """Without 'a career in' before it or 'role' after it: the bare field, role or name."""
    text = " ".join(subject.split()).rstrip(".")
    text = re.sub(r"^(?:a\s+)?careers?\s+(?:in|as|at)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+(?:role|position|job)$", "", text, flags=re.IGNORECASE)


def subject_phrase(subject: str, kind: str) -> tuple[str, str]:
    """(kind, the words to write): 'a nurse manager', 'user research', 'Google', 'a law firm'."""
    text = _clean_field(subject)
    if kind == "role":
        text = _strip_article(text)
        head = _head(text)
        text = _lower_title_case(head) + text[len(head) :]
        head = _head(text)
        words = head.split()
        if words and words[-1] != _singular(words[-1]) and _singular(words[-1]) in ROLE_NOUNS:
            singular = " ".join([*words[:-1], _singular(words[-1])])
            text = singular + text[len(head) :]
        return kind, f"{article(text)} {text}"
    if kind == "organisation":
        words = _strip_article(text).split()
        if all(w.islower() for w in words) and _bare(words[-1]) in _GENERIC_ORGS:
            bare = _strip_article(text)
            return kind, f"{article(bare)} {bare}"  # "a law firm", "an ad agency"
        return kind, text
    return kind, _lower_title_case(text)


def _sentence(text: str) -> str:
    """Capital first letter, one full stop (keeping abbreviations like 'Jr.')."""
    text = " ".join(text.split())
    if text.endswith(".") and text.split()[-1].lower() not in _ABBREVIATIONS:
        text = text.rstrip(".")
    if text.endswith(("?", "!")):
        text = text[:-1]
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _background(b: str, formal: bool) -> str:
    b = " ".join(b.split()).rstrip(".")
    if not b:
        return ""
    if re.match(r"i(?:'m|\s+am|\s|')", b, flags=re.IGNORECASE):
        return _sentence("I" + b[1:])
    words = b.split()
    if words[0][:1].isupper() and not words[0].isupper():
        words[0] = words[0][:1].lower() + words[0][1:]
        b = " ".join(words)
    head = _head(b).split()
    if head and _bare(head[0]) not in _DETERMINERS and _singular(head[-1]) in _PERSON_NOUNS:
        if _bare(head[-1]) != _singular(head[-1]):  # "software engineers" -> one engineer
            b = b.replace(head[-1], _singular(head[-1]), 1)
        b = f"{article(b)} {b}"
    return _sentence(("I am " if formal else "I'm ") + b)


def _referral(r: str, formal: bool) -> str:
    r = " ".join(r.split())
    if not r:
        return ""
    if re.search(r"\b(?:suggested|referred|recommended|told me|gave me)\b", r, re.IGNORECASE):
        return _sentence(r)  # already a sentence: "Dr. Kim referred me to you"
    who = _sentence(r)
    if who.split()[-1].lower() not in _ABBREVIATIONS:
        who = who[:-1]
    tail = who.rsplit(",", 1)[-1].strip().lower() if "," in who else ""
    if tail and not re.search(r"(?:^|\s)(?:and|or|&)\s", tail):
        who += ","  # an appositive closes: "My instructor, Ms. Ortiz, suggested"
    return f"{who} suggested I {'contact' if formal else 'call'} you."


def _purpose(kind: str, what: str, style: str) -> str:
    if style == "warm":
        opening = {
            "field": f"I'm exploring a career in {what}",
            "role": f"I'm exploring a career as {what}",
            "organisation": f"I'm interested in a career at {what}",
        }[kind]
        there = " there" if kind == "organisation" else ""
        return (
            f"{opening}, and I'd love to learn about your experience{there} and get your "
            "advice. I'm not looking for a job, just information."
        )
    if style == "brief":
        return {
            "field": f"I'm looking into careers in {what} and would value your advice on the "
            "field.",
            "role": f"I'm looking into the work of {what} and would value your advice on it.",
            "organisation": f"I'm looking into careers at {what} and would value your advice "
            "on what the work is like there.",
        }[kind]
    opening = {
        "field": f"I am researching a career in {what}",
        "role": f"I am researching a career as {what}",
        "organisation": f"I am researching careers at {what}",
    }[kind]
    return (
        f"{opening}, and I would appreciate the chance to learn about your work and hear your "
        "advice. I am not asking about job openings."
    )


def _name(name: str) -> str:
    name = " ".join(name.split()).rstrip(".")
    return name.title() if name.islower() else name


def write(facts: ScriptFacts) -> str:
    facts.validate()
    name = _name(facts.name)
    kind, what = subject_phrase(facts.field, facts.kind or kind_of(facts.field))
    formal = facts.style == "formal"
    bg, ref = _background(facts.background, formal), _referral(facts.referral, formal)
    mins = minutes_phrase(facts.minutes)
    purpose = _purpose(kind, what, facts.style)
    if facts.style == "warm":
        parts = [
            f"Hi, my name is {name}.",
            bg,
            ref,
            purpose,
            f"Would you have {mins} to talk?",
            "Is now a good time, or could we schedule another time that works better for you?",
        ]
    elif facts.style == "brief":
        parts = [
            f"Hi, this is {name}.",
            bg,
            ref,
            purpose,
            f"Could I have {mins} of your time? Is now a good time, or should I call back later?",
        ]
    else:
        parts = [
            f"Good morning, my name is {name}.",
            bg,
            ref,
            purpose,
            f"Would you be able to spare {mins} for a short conversation?",
            "If now is not convenient, I would be glad to schedule another time.",
        ]
    return " ".join(p for p in parts if p) + "\n"
