"""Showing user text (scenario names, notes, messages) as text, never as markup."""

from __future__ import annotations

import re

# Characters that Streamlit's markdown (CommonMark + GFM + KaTeX) gives meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])")
# Pairs Streamlit's renderer turns into typographic symbols after parsing
# (-- ->, <- <-> >= <= ~=), backslash escapes notwithstanding.
_TYPOGRAPHIC = re.compile(r"(?<=[-<>~])(?=[->=])")
_WORD_JOINER = "\u2060"  # invisible, and breaks the pair


def md_escape(text: str) -> str:
    """``text`` escaped so that st.markdown shows it literally, for messages.

    Backslash-escapes every markdown, HTML and math character and breaks the
    pairs the renderer would turn into arrows and dashes with an invisible
    word joiner: ``<img src=x onerror=alert(1)>`` or ``**bold**`` show as typed.
    For names, which must also copy exactly, prefer :func:`md_name`.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _TYPOGRAPHIC.sub(_WORD_JOINER, text))


def md_name(text: str) -> str:
    """``text`` as an inline code span: shown and copied exactly, whatever it holds.

    Inside a code span markdown has no syntax and no typographic replacement;
    the fence is one backtick longer than the longest run of backticks in the
    text (CommonMark), padded with spaces when the text starts or ends with one.
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
