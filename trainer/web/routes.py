"""The page and its JSON API: each route parses, calls the same use case as the matching
command, and answers JSON. User errors (TrainerError) become HTTP 400 `{"error": ...}`."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from trainer import __version__
from trainer.errors import InputError, TrainerError
from trainer.web import sockets
from trainer.web.security import Guard
from trainer.web.services import MAX_JSON_BYTES, Services

if TYPE_CHECKING:
    from trainer.progress.store import Attempt, HistoryStore

STATIC = Path(__file__).resolve().parent / "static"
AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".webm", ".aac"}


class TooLarge(TrainerError):
    """An upload over the size limit (HTTP 413)."""


class NotFound(TrainerError):
    """No such attempt, or no audio for it (HTTP 404)."""


def create_app(services: Services, port: int, token: str) -> Guard:
    """The whole server: routes behind the guard (token, Host, Origin, headers)."""
    api = _Api(services)
    routes = [
        Route("/", api.page),
        Route("/favicon.ico", api.favicon),
        Route("/api/health", api.health),
        Route("/api/meta", api.meta),
        Route("/api/score", api.score, methods=["POST"]),
        Route("/api/check", api.check, methods=["POST"]),
        Route("/api/history", api.history),
        Route("/api/export.csv", api.export_csv),
        Route("/api/progress", api.progress),
        Route("/api/attempts/{id:int}", api.attempt, methods=["GET", "DELETE"]),
        Route("/api/attempts/{id:int}/audio", api.attempt_audio),
        Route("/api/scenarios", api.scenarios),
        Route("/api/questions", api.questions),
        Route("/api/scripts", api.scripts),
        Route("/api/scripts/write", api.write_script, methods=["POST"]),
        Route("/api/scripts/{name}", api.script, methods=["GET", "PUT"]),
        Route("/api/scripts/{name}/use", api.use_script, methods=["POST"]),
        Route("/api/scripts/{name}/plan", api.plan, methods=["PUT"]),
        WebSocketRoute("/ws/practice", sockets.PracticeSocket(services).run),
        WebSocketRoute("/ws/call", sockets.CallSocket(services).run),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found})
    return Guard(app, port, token)


async def _not_found(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": f"nothing at {request.url.path}"}, status_code=404)


def _user_errors(
    handler: Callable[[_Api, Request], Awaitable[Response]],
) -> Callable[[_Api, Request], Awaitable[Response]]:
    """TrainerError -> 400 with its one line; an oversized upload -> 413."""

    async def wrapped(self: _Api, request: Request) -> Response:
        try:
            return await handler(self, request)
        except TooLarge as exc:
            return JSONResponse({"error": str(exc)}, status_code=413)
        except NotFound as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)
        except TrainerError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    return wrapped


async def _body(request: Request, limit: int, what: str) -> bytes:
    """The request body; over `limit` it is read to the end but not kept (so the client,
    still sending, gets the answer rather than a reset connection) and refused."""
    mb = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
    if size > limit:
        raise TooLarge(f"the {what} is too large ({size / 1024 / 1024:.1f} MB; the limit is {mb})")
    return b"".join(chunks)


async def _json(request: Request) -> dict[str, Any]:
    raw = await _body(request, MAX_JSON_BYTES, "request")
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise InputError("the request is not valid JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request must be a JSON object")
    return data


def _flag(request: Request, name: str, default: bool) -> bool:
    value = request.query_params.get(name)
    if value is None:
        return default
    return value.lower() not in ("0", "false", "no", "off", "")


def _temporary(body: bytes, suffix: str) -> Path:
    """The upload in a temporary file, to be scored and removed."""
    fd, name = tempfile.mkstemp(prefix="trainer-upload-", suffix=suffix)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    return Path(name)


class _Api:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def page(self, request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-store"})

    async def favicon(self, request: Request) -> Response:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    async def health(self, request: Request) -> Response:
        return JSONResponse({"ok": True, "version": __version__})

    async def meta(self, request: Request) -> Response:
        """Names and bands the page shows, from the same constants the terminal uses."""
        from trainer.render import PART_NAMES
        from trainer.scoring.delivery import PACE_BAND
        from trainer.scoring.elements import ELEMENTS
        from trainer.scoring.feedback import LABELS

        return JSONResponse(
            {
                "version": __version__,
                "profile": self.services.profile,
                "elements": list(ELEMENTS),
                "labels": LABELS,
                "pace_band": list(PACE_BAND),
                "part_names": PART_NAMES,  # the score breakdown's parts, as the terminal names them
            }
        )

    @_user_errors
    async def score(self, request: Request) -> Response:
        """`trainer score --json` for one uploaded recording (the body is the file)."""
        body = await _body(request, self.services.max_upload_bytes, "recording")
        if not body:
            raise InputError("the upload is empty: send an audio file as the request body")
        name = Path(request.query_params.get("name") or "upload").name[:120] or "upload"
        save = _flag(request, "save", True)
        use_script = _flag(request, "script", True)
        payload, attempt_id, problems = await run_in_threadpool(
            self._score, body, name, save, use_script
        )
        headers = {"x-attempt-id": str(attempt_id)} if attempt_id is not None else {}
        if problems:  # what was not kept, as `trainer score` tells it after the results
            headers["x-trainer-problems"] = json.dumps(problems)  # ASCII: header-safe
        return Response(payload, media_type="application/json", headers=headers)

    def _score(
        self, body: bytes, name: str, save: bool, use_script: bool
    ) -> tuple[str, int | None, list[str]]:
        from trainer import app
        from trainer.scripts import library

        suffix = Path(name).suffix.lower()
        suffix = suffix if suffix in AUDIO_SUFFIXES else ".audio"
        # As `trainer score`: a damaged history stops us before any work; an unwritable one
        # (or a full disk) still scores and shows the take, and says what was not kept.
        store, unsaved = app.open_history(save)
        problems = [unsaved] if unsaved else []
        try:
            kept = self._keep_upload(body, suffix, problems) if store is not None else None
            path = kept or _temporary(body, suffix)
            try:
                active = library.active_text() if use_script else None
                script = active[1] if active else None
                result = app.score_files([str(path)], self.services.recognizer, script)[0]
                if result.error is not None:
                    raise InputError(result.error.replace(str(path), name))
                attempt_id = None
                if store is not None:
                    attempt = app.to_attempt(result, self.services.profile, "score", script)
                    if kept is None:
                        attempt.audio_path = None  # only a temporary copy was scored
                    attempt_id = app.try_save(lambda: store.save(attempt), problems)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            finally:
                if kept is None:
                    path.unlink(missing_ok=True)
        finally:
            if store is not None:
                store.close()
        return app.TakeResult(name, result.feedback).to_json(), attempt_id, problems

    @staticmethod
    def _keep_upload(body: bytes, suffix: str, problems: list[str]) -> Path | None:
        """The upload kept beside the practice takes, so the attempt can be heard again;
        None (and a line in `problems`) when it cannot be written."""
        from trainer import app

        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = None
        try:
            app.takes_dir().mkdir(parents=True, exist_ok=True)
            path = app.unique_path(app.takes_dir() / f"upload-{stamp}{suffix}")
            path.write_bytes(body)
        except OSError as exc:
            if path is not None:
                path.unlink(missing_ok=True)
            problems.append(f"the recording was not saved: {exc.strerror or exc}")
            return None
        return path

    @_user_errors
    async def check(self, request: Request) -> Response:
        """The four-part check of typed text (the script editor, as you type)."""
        from trainer import app

        text = str((await _json(request)).get("text", ""))
        if not text.strip():
            return JSONResponse({"empty": True})
        return JSONResponse(app.score_text(text).to_dict())

    def _store(self) -> HistoryStore:
        from trainer.progress.store import HistoryStore

        return HistoryStore.open()

    def _attempt(self, store: HistoryStore, attempt_id: int) -> Attempt:
        from trainer.progress.store import HistoryError

        try:
            return store.get(attempt_id, self.services.profile)
        except HistoryError as exc:
            raise NotFound(str(exc)) from None

    @_user_errors
    async def history(self, request: Request) -> Response:
        """`trainer export --json`."""
        from trainer.progress.commands import export_text

        with self._store() as store:
            text = export_text(store.attempts(self.services.profile), as_json=True)
        return Response(text, media_type="application/json")

    @_user_errors
    async def export_csv(self, request: Request) -> Response:
        """`trainer export --csv`, as a download."""
        from trainer.progress.commands import export_text

        with self._store() as store:
            text = export_text(store.attempts(self.services.profile), as_json=False)
        name = f"trainer-{self.services.profile}.csv"
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    @_user_errors
    async def progress(self, request: Request) -> Response:
        """`trainer progress --json`, with the attempts (without their full reports)."""
        from trainer.progress import stats

        with self._store() as store:
            attempts = store.attempts(self.services.profile)
        rows = [{k: v for k, v in a.to_dict().items() if k != "report"} for a in attempts]
        for row, a in zip(rows, attempts, strict=True):
            row["has_audio"] = bool(a.audio_path and Path(a.audio_path).is_file())
        return JSONResponse(
            {
                "profile": self.services.profile,
                "summary": stats.summarize(attempts),
                "attempts": rows,
            }
        )

    @_user_errors
    async def attempt(self, request: Request) -> Response:
        """`trainer show ID --json`, or `trainer delete ID --yes`."""
        attempt_id = request.path_params["id"]
        with self._store() as store:
            a = self._attempt(store, attempt_id)
            if request.method == "DELETE":
                from trainer.progress.commands import remove_attempt

                tail = remove_attempt(store, a, self.services.profile)
                return JSONResponse(
                    {"deleted": attempt_id, "message": f"Deleted attempt {attempt_id}{tail}."}
                )
        d = a.to_dict()
        d["has_audio"] = bool(a.audio_path and Path(a.audio_path).is_file())
        return JSONResponse(d)

    @_user_errors
    async def attempt_audio(self, request: Request) -> Response:
        with self._store() as store:
            a = self._attempt(store, request.path_params["id"])
        if not a.audio_path or not Path(a.audio_path).is_file():
            raise NotFound(f"attempt {a.id} has no saved audio")
        return FileResponse(a.audio_path)

    @_user_errors
    async def scenarios(self, request: Request) -> Response:
        """`trainer scenarios --json`."""
        from trainer.calls.commands import catalogue

        return JSONResponse(await run_in_threadpool(catalogue))

    @_user_errors
    async def questions(self, request: Request) -> Response:
        """The question bank, and the balanced plan `trainer questions plan` would pick."""
        from trainer import questions as qbank

        return JSONResponse(
            {
                "questions": [q.to_dict() for q in qbank.bank()],
                "suggested": [q.id for q in qbank.pick(6)],
            }
        )

    @_user_errors
    async def scripts(self, request: Request) -> Response:
        from trainer.scripts import library

        return JSONResponse({"scripts": library.names(), "active": library.active()})

    @_user_errors
    async def script(self, request: Request) -> Response:
        """GET: a script, its question plan and its check. PUT {"text"}: save it."""
        from trainer import app
        from trainer.scripts import library

        name = request.path_params["name"]
        if request.method == "PUT":
            text = str((await _json(request)).get("text", ""))
            if not text.strip():
                raise InputError("the script is empty: write something first")
            if len(text.encode("utf-8")) > library.MAX_BYTES:
                raise InputError("the script is too long (200 kB at most)")
            library.write(name, text if text.endswith("\n") else text + "\n")
            if library.active() is None:
                library.use(name)  # the first script is the one practice compares against
        text = library.read(name)
        return JSONResponse(
            {
                "name": name,
                "text": text,
                "plan": library.plan(name),
                "active": library.active() == name,
                "check": app.score_text(text).to_dict(),
            }
        )

    @_user_errors
    async def use_script(self, request: Request) -> Response:
        from trainer.scripts import library

        library.use(request.path_params["name"])
        return JSONResponse({"active": library.active()})

    @_user_errors
    async def plan(self, request: Request) -> Response:
        """`trainer questions plan --ids ...` for this script."""
        from trainer import questions as qbank
        from trainer.scripts import library

        name = request.path_params["name"]
        library.read(name)  # must exist
        ids = (await _json(request)).get("ids", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise InputError("ids: a list of question ids")
        chosen = qbank.by_id(ids)
        library.save_plan(name, [q.id for q in chosen])
        return JSONResponse({"script": name, "plan": [q.id for q in chosen]})

    @_user_errors
    async def write_script(self, request: Request) -> Response:
        """`trainer script new`'s writer: a script from a few facts (not saved yet)."""
        from trainer.scripts import writer

        data = await _json(request)
        try:
            minutes = int(data.get("minutes", 15))
        except (TypeError, ValueError):
            raise InputError("minutes: a whole number") from None
        facts = writer.ScriptFacts(
            name=str(data.get("name", "")),
            background=str(data.get("background", "")),
            field=str(data.get("field", "")),
            referral=str(data.get("referral", "")),
            minutes=minutes,
            style=str(data.get("style", "warm")),
            kind=str(data["kind"]) if data.get("kind") else None,  # as `script new --kind`
        )
        from trainer.scripts import library

        text = writer.write(facts)
        return JSONResponse({"text": text, "suggested_name": library.slug(facts.field)})
