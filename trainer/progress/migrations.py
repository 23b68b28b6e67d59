"""Numbered schema migrations, each applied once and recorded in the database itself.

Append new steps; never edit a released one. A database whose recorded version is newer than
the last step here was written by a newer trainer and is refused rather than guessed at.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE attempts (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            profile     TEXT    NOT NULL,
            mode        TEXT    NOT NULL,          -- score | text | practice | call
            scenario    TEXT,
            script      TEXT,
            source      TEXT,                      -- the file scored, or '--text'
            created_at  TEXT    NOT NULL,          -- ISO 8601, UTC
            duration_s  REAL,
            transcript  TEXT    NOT NULL,
            elements    TEXT    NOT NULL,          -- JSON: name -> {covered, evidence, ...}
            flags       TEXT    NOT NULL,          -- JSON
            delivery    TEXT    NOT NULL,          -- JSON
            score       INTEGER NOT NULL,
            audio_path  TEXT,
            report      TEXT    NOT NULL           -- JSON: the full feedback as shown
        );
        CREATE INDEX attempts_profile_time ON attempts (profile, created_at);
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]
