"""Character voice profiles (voices/*.toml): which system voice, how fast, how high, and
whether it sounds like it is on a phone line."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from trainer.audio.clip import Clip
from trainer.errors import InputError
from trainer.resources import data_dir
from trainer.speech.synthesizer import Synthesizer, VoiceSettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_KEYS = {
    "name",
    "description",
    "preferred",
    "rate",
    "pitch",
    "volume",
    "telephone",
    "engine",
    "voice",
    "speed",
}
ENGINES = ("system", "hibari")  # system: pyttsx3 (espeak-ng on Linux), also the fallback
_PLATFORMS = {"linux", "darwin", "win32"}


@dataclass(frozen=True)
class VoiceProfile:
    name: str
    description: str
    preferred: dict[str, list[str]]
    rate: int = 165
    pitch: int | None = None
    volume: float = 1.0
    telephone: bool = False
    engine: str = "system"
    voice: str | None = None  # the neural engine's voice ("heart")
    speed: float = 1.0  # the neural engine's pace

    @property
    def neural(self) -> bool:
        """Whether lines come from the neural engine here (installed, voice in the wheel)."""
        from trainer.speech import neural

        return self.engine == neural.ENGINE and neural.available(self.voice or "")

    @property
    def engine_used(self) -> str:
        return f"hibari/{self.voice}" if self.neural else "system"

    def settings(self, platform: str = sys.platform) -> VoiceSettings:
        key = "linux" if platform.startswith("linux") else platform
        choices = self.preferred.get(key) or []
        return VoiceSettings(choices[0] if choices else None, self.rate, self.volume, self.pitch)

    def render(self, synthesizer: Synthesizer, text: str) -> Clip:
        """The line as this character sounds: their voice (neural if the profile asks and it is
        installed, else the system voice, which also says anything the neural one cannot),
        through a phone line if set."""
        from trainer.audio.effects import phone_line

        clip = None
        if self.neural:
            from trainer.speech import neural

            try:
                clip = neural.synthesize(text, self.voice or "heart", self.speed)
            except Exception:  # noqa: BLE001 - any failure: the system voice says it instead
                clip = None
        if clip is None:
            clip = synthesizer.synthesize(text, self.settings())
        return phone_line(clip) if self.telephone else clip


def load_profile(path: Path) -> VoiceProfile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read voice profile ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from None
    unknown = set(raw) - _KEYS
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    preferred = raw.get("preferred", {})
    if not isinstance(preferred, dict) or set(preferred) - _PLATFORMS:
        raise InputError(f"{path}: 'preferred' must map linux/darwin/win32 to voice lists")
    try:
        return VoiceProfile(
            name=str(raw.get("name", path.stem)),
            description=str(raw.get("description", "")),
            preferred={k: [str(v) for v in vs] for k, vs in preferred.items()},
            rate=int(raw.get("rate", 165)),
            pitch=int(raw["pitch"]) if "pitch" in raw else None,
            volume=float(raw.get("volume", 1.0)),
            telephone=bool(raw.get("telephone", False)),
            engine=_engine(path, raw.get("engine", "system")),
            voice=str(raw["voice"]) if "voice" in raw else None,
            speed=float(raw.get("speed", 1.0)),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: bad value ({exc})") from None


def _engine(path: Path, value: object) -> str:
    if value not in ENGINES:
        raise InputError(f"{path}: engine must be one of {', '.join(ENGINES)}")
    return str(value)


def profile(name: str) -> VoiceProfile:
    path = data_dir("voices") / f"{name}.toml"
    if not path.is_file():
        raise InputError(
            f"no voice profile named '{name}' (available: {', '.join(profile_names())})"
        )
    return load_profile(path)


def profile_names() -> list[str]:
    return sorted(f.stem for f in data_dir("voices").glob("*.toml"))
