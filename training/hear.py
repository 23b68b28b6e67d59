"""Speech-recognised versions of the labelled training utterances, so a classifier learns the
errors a real recogniser makes.

Every training/data/*.jsonl file except spoken.jsonl is read ({"text", "labels", "style"} per
line). Each utterance is spoken by espeak-ng in a voice and at a rate (140-185 wpm) picked from
a hash of its text; half of them (also by the hash) then go through a telephone line, the way
tests/corpus/render.py does it: trainer.audio.effects.add_noise at 18-30 dB SNR (measured
against the utterance's own level), then telephone_band. Recognition is the one `trainer score`
uses (bootstrap.recognizer), with replays off.

To save decodes, utterances of one file and one condition (clean or phone) are batched about 6
to a clip, 1.6 s of silence (or line noise) apart; the clip is heard once with word timestamps,
and each word goes to the utterance whose time span, widened by 0.5 s on both sides, holds the
word's midpoint (words outside every span are dropped and counted as stray). Whisper now and
then skips a sentence of such a clip; an utterance that got under half its words is heard again
on its own.

Output, one line per utterance, appended batch by batch to training/data/spoken.jsonl:
    {"text": heard, "labels": [...], "style": "heard: <voice> <rate> <clean|phone>",
     "source": original text}
Utterances heard as nothing are left out. The run is resumable (sources already in the output
are skipped) and deterministic: voices, noise and batches depend only on the input files.

Run from the repository root, one process at a time:
    nice -n 10 .venv/bin/python training/hear.py              # everything not heard yet
    nice -n 10 .venv/bin/python training/hear.py training/data/call_turns.jsonl   # one file
    nice -n 10 .venv/bin/python training/hear.py --limit 30 --out /tmp/try.jsonl --show 10
    .venv/bin/python training/hear.py --wer                   # word error rate of the output
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from trainer.audio.clip import SAMPLE_RATE, Clip  # noqa: E402
from trainer.audio.effects import add_noise, telephone_band  # noqa: E402
from trainer.speech.recognizer import NoSpeechError, Recognizer  # noqa: E402
from trainer.transcript import Word  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
OUTPUT = DATA / "spoken.jsonl"
VOICES = (
    "en-us",
    "en-gb",
    "en-us+f3",
    "en-gb-scotland",
    "en+m3",
    "en-us+f2",
    "en-029",
    "en+f4",
    "en-in",
)
RATES = (140, 185)  # words per minute, inclusive
PHONE_SNR_DB = (18.0, 30.0)
BATCH = 6
GAP_S = 1.6  # silence between utterances in a batch clip, half before and half after each
SLACK_S = 0.5  # an utterance's span is widened by this much on each side when assigning words


@dataclass(frozen=True)
class Utterance:
    text: str
    labels: list[str]
    voice: str
    rate: int
    phone: bool
    snr_db: float
    seed: int

    @property
    def style(self) -> str:
        return f"heard: {self.voice} {self.rate} {'phone' if self.phone else 'clean'}"


def digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def available_voices(wanted: Iterable[str] = VOICES) -> tuple[str, ...]:
    """The voices espeak-ng really has: it quietly speaks an unknown language (en-in) as plain
    English, so the base name must appear among the languages it lists (or their aliases)."""
    listing = subprocess.run(
        ["espeak-ng", "--voices"], capture_output=True, text=True, check=True
    ).stdout
    languages = {line.split()[1].lower() for line in listing.splitlines()[1:] if line.split()}
    languages |= {m.lower() for m in re.findall(r"\(([\w-]+) \d+\)", listing)}
    return tuple(v for v in wanted if v.split("+")[0].lower() in languages)


def plan(text: str, labels: list[str], voices: tuple[str, ...]) -> Utterance:
    """Voice, rate and line from the text's hash: the same text always sounds the same."""
    h = digest(text)
    low, high = RATES
    snr = PHONE_SNR_DB[0] + (PHONE_SNR_DB[1] - PHONE_SNR_DB[0]) * h[4] / 255
    return Utterance(
        text,
        labels,
        voices[h[0] % len(voices)],
        low + h[1] % (high - low + 1),
        bool(h[2] & 1),
        round(snr, 1),
        int.from_bytes(h[8:12], "big"),
    )


def input_files(out: Path, named: list[Path]) -> list[Path]:
    """The files named, else every data/*.jsonl but the output."""
    if named:
        return sorted(p.resolve() for p in named)
    found = DATA.glob("*.jsonl")
    return sorted(p for p in found if p.name != OUTPUT.name and p.resolve() != out.resolve())


def read_file(path: Path, voices: tuple[str, ...]) -> list[Utterance]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            print(f"{path.name}:{n}: not JSON, skipped", file=sys.stderr)
            continue
        text = str(row.get("text", "")).strip()
        if text:
            items.append(plan(text, list(row.get("labels", [])), voices))
    return items


def batches(files: list[Path], voices: tuple[str, ...], size: int) -> list[list[Utterance]]:
    """Per file, clean and phone utterances apart, in file order, `size` to a batch (clean and
    phone batches alternate). Fixed by the inputs alone, so a resumed run hears the same clips."""
    out: list[list[Utterance]] = []
    for path in files:
        items = read_file(path, voices)
        groups = [[u for u in items if u.phone == phone] for phone in (False, True)]
        chunks = [[g[i : i + size] for i in range(0, len(g), size)] for g in groups]
        for i in range(max(len(c) for c in chunks)):
            out.extend(c[i] for c in chunks if i < len(c))
    return out


def done_sources(out: Path) -> set[str]:
    if not out.exists():
        return set()
    done = set()
    for line in out.read_text(encoding="utf-8").splitlines():
        try:
            done.add(json.loads(line)["source"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return done


def espeak(text: str, voice: str, rate: int, tmp: Path) -> Clip:
    """The text spoken by espeak-ng (read from stdin, so no text is taken for an option)."""
    path = tmp / "say.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), "--stdin"],
        input=text.encode("utf-8"),
        check=True,
        capture_output=True,
    )
    with wave.open(str(path), "rb") as w:
        frames = w.readframes(w.getnframes())
        rate_hz, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
    if width != 2 or channels != 1:
        raise RuntimeError(f"espeak-ng wrote {channels} channel(s) of {width} byte(s)")
    samples = np.frombuffer(frames, "<i2").astype(np.float32) / 32768.0
    return Clip(samples, rate_hz).resampled(SAMPLE_RATE)


def segment(u: Utterance, tmp: Path) -> tuple[Clip, float]:
    """The utterance with half a gap of silence either side, through the phone line if planned;
    also the length of the speech itself."""
    speech = espeak(u.text, u.voice, u.rate, tmp)
    pad = Clip.silence(GAP_S / 2)
    clip = pad.concat(speech, pad)
    if u.phone:
        # add_noise measures the whole clip; the padding would dilute the speech level, more
        # for short utterances, so the SNR asked for is lowered by exactly that dilution.
        dilution_db = 10 * math.log10(len(clip.samples) / max(len(speech.samples), 1))
        clip = telephone_band(add_noise(clip, u.snr_db - dilution_db, seed=u.seed))
    return clip, speech.duration


def assign(words: Iterable[Word], spans: list[tuple[float, float]]) -> tuple[list[list[str]], int]:
    """Words per utterance by midpoint (span +/- SLACK_S); also how many fell in no span."""
    heard: list[list[str]] = [[] for _ in spans]
    stray = 0
    for w in words:
        mid = ((w.start or 0.0) + (w.end or 0.0)) / 2
        hits = [i for i, (a, b) in enumerate(spans) if a - SLACK_S <= mid <= b + SLACK_S]
        if hits:
            heard[hits[0]].append(w.text)
        else:
            stray += 1
    return heard, stray


def recognise(
    rec: Recognizer, clip: Clip, spans: list[tuple[float, float]]
) -> tuple[list[str], int]:
    """Text heard in each span of `clip`, and the count of stray words."""
    try:
        words = rec.transcribe(clip).words
    except NoSpeechError:
        return ["" for _ in spans], 0
    heard, stray = assign(words, spans)
    return [" ".join(ws).strip() for ws in heard], stray


def hear_batch(rec: Recognizer, batch: list[Utterance], tmp: Path) -> tuple[list[str], int, int]:
    """Text heard for each utterance, stray words, and how many were heard again alone.

    Whisper sometimes skips a sentence or two of a long clip outright (no words, or a word
    stretched over the gap). An utterance that got fewer than half its words is heard again
    on its own, and that hearing is kept: a skip caused by batching is not a recognition error.
    """
    parts, spans, t = [], [], 0.0
    for u in batch:
        clip, speech_s = segment(u, tmp)
        spans.append((t + GAP_S / 2, t + GAP_S / 2 + speech_s))
        parts.append(clip)
        t += clip.duration
    heard, stray = recognise(rec, parts[0].concat(*parts[1:]), spans)
    again = 0
    for i, u in enumerate(batch):
        if len(words_of(heard[i])) < 0.5 * len(words_of(u.text)):
            again += 1
            start = spans[i][0] - sum(p.duration for p in parts[:i])
            alone, _ = recognise(rec, parts[i], [(start, start + spans[i][1] - spans[i][0])])
            heard[i] = alone[0]
    return heard, stray, again


def run(out: Path, named: list[Path], limit: int | None, size: int, show: int) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from trainer import bootstrap

    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed", file=sys.stderr)
        return 1
    voices = available_voices()
    print(f"voices: {' '.join(voices)}", flush=True)
    files = input_files(out, named)
    done = done_sources(out)
    todo = [b for b in batches(files, voices, size) if any(u.text not in done for u in b)]
    if limit is not None:
        kept, count = [], 0
        for b in todo:
            if count >= limit:
                break
            kept.append(b)
            count += len(b)
        todo = kept
    total = sum(len(b) for b in todo)
    print(
        f"{len(files)} input file(s), {len(done)} source(s) already heard, "
        f"{total} utterance(s) in {len(todo)} clip(s) to hear",
        flush=True,
    )
    rec = bootstrap.recognizer(replays=False)
    start, written, empty, strays, shown, rehears = time.perf_counter(), 0, 0, 0, 0, 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmpdir, out.open("a", encoding="utf-8") as sink:
        for n, batch in enumerate(todo, 1):
            heard, stray, again = hear_batch(rec, batch, Path(tmpdir))
            rehears += again
            strays += stray
            for u, text in zip(batch, heard, strict=True):
                if u.text in done:
                    continue
                if not text:
                    empty += 1
                    continue
                row = {"text": text, "labels": u.labels, "style": u.style, "source": u.text}
                sink.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
                if shown < show:
                    shown += 1
                    print(f"  [{u.style[7:]}]\n    said:  {u.text}\n    heard: {text}")
            sink.flush()
            if n % 10 == 0 or n == len(todo):
                elapsed = time.perf_counter() - start
                print(
                    f"clip {n}/{len(todo)}: {written} written, {empty} heard as nothing, "
                    f"{strays} stray word(s), {rehears} heard again alone, {elapsed:.0f} s",
                    flush=True,
                )
    print(
        f"done: {written} written, {empty} empty, {strays} stray words, {rehears} heard again, "
        f"{time.perf_counter() - start:.0f} s",
        flush=True,
    )
    return 0


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).replace("'", "").split()


def edits(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance between word lists."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def rows(out: Path) -> Iterator[dict]:
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def report_wer(out: Path) -> int:
    totals: dict[str, list[int]] = {"all": [0, 0, 0], "clean": [0, 0, 0], "phone": [0, 0, 0]}
    for row in rows(out):
        ref, hyp = words_of(row["source"]), words_of(row["text"])
        e = edits(ref, hyp)
        for key in ("all", row["style"].split()[-1]):
            totals[key][0] += 1
            totals[key][1] += e
            totals[key][2] += len(ref)
    for key, (n, e, words) in totals.items():
        print(f"{key:6s} {n:5d} utterances  WER {e / max(words, 1):6.1%}  ({e}/{words} words)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="input JSONL files (default: every data/*.jsonl but the output)",
    )
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output JSONL (appended)")
    parser.add_argument("--limit", type=int, help="hear only the first clips, about N utterances")
    parser.add_argument("--batch", type=int, default=BATCH, help="utterances per clip")
    parser.add_argument("--show", type=int, default=0, help="print N said/heard pairs")
    parser.add_argument("--wer", action="store_true", help="only report the output's WER")
    args = parser.parse_args(argv)
    if args.wer:
        return report_wer(args.out)
    return run(args.out, args.files, args.limit, max(1, args.batch), args.show)


if __name__ == "__main__":
    sys.exit(main())
