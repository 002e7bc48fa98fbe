"""Showing user text (scenario names, notes, messages) as text, never as markup."""

from __future__ import annotations

import re

# Characters that Streamlit's markdown (CommonMark + GFM + KaTeX + directives)
# gives meaning to; "=" underlines a setext heading on the line above.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&=])")
# What Streamlit rewrites in the text *after* parsing, where backslash escapes
# no longer count: the pairs it turns into typographic symbols (-- -> <- <->
# >= <= ~=), icon shortcodes (:material/home:, :streamlit:), emoji shortcodes
# (:fire:, whenever anything else in the same markdown loads the emoji plugin)
# and bare links (https://..., www.example.com, someone@example.com).
_AFTER_PARSE = re.compile(r"(?<=[-<>~])(?=[->=])|(?<=[:@])(?=\S)|(?i:(?<=www)(?=\.))")
_WORD_JOINER = "\u2060"  # invisible, and breaks each of those
_LINE_END = re.compile(r"\r\n|\r|\n")  # CommonMark's line endings
# Rewritten in the raw source, code spans included, before parsing.
_MATERIAL = ":material/"


def md_escape(text: str) -> str:
    """``text`` escaped so that st.markdown shows it literally, for messages.

    Backslash-escapes every markdown, HTML and math character, breaks what
    the renderer would turn into arrows, dashes, emoji, icons or links with an
    invisible word joiner, and makes each line break a hard one, so no line is
    blank and nothing can start a new block: ``<img src=x onerror=alert(1)>``,
    ``**bold**`` or ``:fire:`` show as typed. For names, which must also copy
    exactly, prefer :func:`md_name`.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _AFTER_PARSE.sub(_WORD_JOINER, text))
    # Backslash + line end is a hard break; the joiner keeps the next line
    # from being blank (a new paragraph, maybe an indented code block).
    escaped = _LINE_END.sub("\\\\\n" + _WORD_JOINER, escaped)
    # Leading spaces could make an indented code block of the whole message.
    return _WORD_JOINER + escaped if escaped[:1] in (" ", "\t") else escaped


def md_name(text: str) -> str:
    """``text`` as an inline code span: shown and copied exactly, whatever it holds.

    Inside a code span markdown has no syntax and no typographic replacement;
    the fence is one backtick longer than the longest run of backticks in the
    text (CommonMark), padded with a space on each side when the text starts
    or ends with a backtick, or starts and ends with a space (CommonMark
    strips one such pair). Two things cannot be shown exactly in one line of
    code: a line break shows as a space (as CommonMark would show it, but
    without ending the paragraph), and ``:material/`` carries an invisible
    word joiner (Streamlit rewrites it before parsing, even in code).
    """
    text = _LINE_END.sub(" ", text).replace(_MATERIAL, f":{_WORD_JOINER}material/")
    if not text:
        return "` `"  # no code span is empty: one space, kept as it is
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    stripped = text.startswith(" ") and text.endswith(" ") and text.strip(" ") != ""
    pad = " " if text.startswith("`") or text.endswith("`") or stripped else ""
    return f"{fence}{pad}{text}{pad}{fence}"
