"""Scenario names: what is allowed, and when two names are the same."""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 80


def validate_name(name: object) -> str:
    """The trimmed name; ValueError unless 1-80 characters with no control characters.

    Every other character (quotes, HTML, markdown, emoji) is allowed and kept
    exactly: names are data, shown as text.
    """
    if not isinstance(name, str):
        raise ValueError(f"name: expected text, got {type(name).__name__}")
    trimmed = name.strip()
    if not trimmed:
        raise ValueError("name: must not be empty")
    if len(trimmed) > MAX_NAME_LENGTH:
        raise ValueError(f"name: {len(trimmed)} characters; at most {MAX_NAME_LENGTH} are allowed")
    for ch in trimmed:
        category = unicodedata.category(ch)
        if category == "Cc" or ch in "\u2028\u2029":
            raise ValueError(f"name: contains a control character (U+{ord(ch):04X})")
        if category == "Cs":  # half of a broken emoji: not storable as UTF-8
            raise ValueError(
                f"name: contains an invalid character (lone surrogate U+{ord(ch):04X})"
            )
    return trimmed


def name_key(name: str) -> str:
    """The uniqueness key of a (valid) name: NFC, case-folded."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def validate_note(note: object) -> str:
    """A version's note: any text of lines and tabs; no other control characters
    (PostgreSQL text cannot hold NUL, and a note is shown as text)."""
    if not isinstance(note, str):
        raise ValueError(f"note: expected text, got {type(note).__name__}")
    for ch in note:
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in "\n\r\t") or category == "Cs":
            raise ValueError(f"note: contains a control character (U+{ord(ch):04X})")
    return note
