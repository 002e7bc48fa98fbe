"""Markdown escaping of user text (ui/text.py), checked without a browser.

Streamlit renders st.markdown with CommonMark + GFM, KaTeX ($), directives
(:red[...]), and then rewrites the parsed text itself: typographic pairs
(``a -> b`` shows an arrow), emoji shortcodes (``:fire:``, once the emoji
plugin is loaded for the markdown), icons (``:material/home:``, rewritten in
the raw source before parsing) and bare links. The checkers below model just enough of that, with the rewrite rules
copied from Streamlit 1.67's frontend, to tell what a piece of markdown would
show: :func:`shown_as_text` for :func:`md_escape`, :func:`shown_in_code` for
:func:`md_name`. Each checker is itself tested to reject plain, unescaped
markup, so a wrong escaping fails here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.text import md_escape, md_name

WJ = "\u2060"  # the word joiner md_escape inserts: invisible

# ASCII punctuation that starts or ends markup somewhere in Streamlit's markdown:
# emphasis * _, code `, links and images [ ] ( ) !, HTML and autolinks < >,
# entities &, headings #, lists + - . ) and setext underlines = -, tables |,
# strikethrough ~, math $, directives : [ ] { }, and the escape itself \.
MEANINGFUL = set("\\`*_[]()!<>&#+-.=|~$:{}")
ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Streamlit 1.67 (StreamlitMarkdown): rewrites of the parsed text, where
# backslash escapes no longer count. JavaScript's \w is ASCII, hence re.ASCII.
TYPOGRAPHIC = [
    re.compile(rf"(^|\s){re.escape(pair)}(\s|$)")
    for pair in ("<->", "->", "<-", "--", ">=", "<=", "~=")
]
SHORTCODES = [
    re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII),  # remark-emoji
    re.compile(r":material_(\w+):", re.ASCII),  # icons, after the source rewrite below
    re.compile(r":streamlit:"),
]
AUTOLINKS = [  # mdast-util-gfm-autolink-literal, on the parsed text
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.ASCII | re.IGNORECASE),
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII),
]


def _raw_rewrite(source: str) -> str:
    """What Streamlit does to the source before parsing, code spans included."""
    return source.replace(":material/", ":material_")


def shown_as_text(source: str) -> str:
    """The text ``source`` shows, or AssertionError where it would show markup.

    Every meaningful character must be backslash-escaped; a line break must
    be a hard break (backslash + line end) and no line blank or indented at
    the start (a new block); and the parsed text must give none of
    Streamlit's after-parse rewrites a match.
    """
    source = _raw_rewrite(source)
    assert source[:1] not in (" ", "\t"), f"starts with whitespace: {source!r}"
    lines = source.split("\n")
    assert all(line.strip(" \t") for line in lines[1:]), f"blank line: {source!r}"
    assert all(line.endswith("\\") for line in lines[:-1]), f"soft line break: {source!r}"
    out, i = [], 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            nxt = source[i + 1 : i + 2]
            assert nxt in ASCII_PUNCTUATION or nxt == "\n", f"stray backslash: {source!r}"
            out.append(nxt)
            i += 2
            continue
        assert c not in MEANINGFUL, f"unescaped {c!r} in {source!r}"
        assert c != "\r", f"bare carriage return: {source!r}"
        out.append(c)
        i += 1
    text = "".join(out)
    for pattern in TYPOGRAPHIC + SHORTCODES + AUTOLINKS:
        assert not pattern.search(text), f"{pattern.pattern} rewrites {text!r}"
    return text.replace(WJ, "")


def shown_in_code(source: str) -> str:
    """The text of the single inline code span ``source``, as CommonMark shows it."""
    source = _raw_rewrite(source)
    assert "\n" not in source and "\r" not in source, f"code span across lines: {source!r}"
    fence = re.match(r"`+", source)
    assert fence, f"not a code span: {source!r}"
    n = len(fence.group())
    assert source.endswith(fence.group()) and len(source) > 2 * n, f"unclosed: {source!r}"
    content = source[n:-n]
    assert content[-1:] != "`", f"the closing fence is longer: {source!r}"
    runs = [len(r) for r in re.findall(r"`+", content)]
    assert n not in runs, f"the span closes early: {source!r}"
    if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
        content = content[1:-1]
    return content


# --- the checkers reject markup ------------------------------------------------------------


MARKUP = [
    "<img src=x onerror=alert(1)>",
    "**bold** and _it_",
    "[link](https://example.com)",
    "`code`",
    "# Heading",
    "a -- b",
    "a -> b",
    "x <= y",
    "cost $x^2$",
    ":fire:",
    ":material/home:",
    ":red[alert]",
    "see www.example.com",
    "mail me@example.com",
    "line one\n\n    indented code",
    "Title\n===",
    "two\nlines",
]


@pytest.mark.parametrize("markup", MARKUP)
def test_the_text_checker_rejects_unescaped_markup(markup: str) -> None:
    with pytest.raises(AssertionError):
        shown_as_text(markup)


@pytest.mark.parametrize(
    "markup",
    [":fire:", ":material/home:", "a -> b", "Title\n===", "www.example.com", "a\n\n    b"],
)
def test_backslashes_alone_are_not_enough(markup: str) -> None:
    """What the escaping did before: backslashes, and joiners in the arrow pairs only."""
    old = re.sub(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])", r"\\\1", markup)
    with pytest.raises(AssertionError):
        shown_as_text(old)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("`a`b`", "closes early"),
        ("``a`", "unclosed"),
        ("`a\nb`", "across lines"),
        ("`:material/home:`", None),
    ],
)
def test_the_code_checker_rejects_broken_spans(source: str, reason: str | None) -> None:
    if reason is None:  # parses, but shows what Streamlit rewrote
        assert shown_in_code(source) == ":material_home:"
        return
    with pytest.raises(AssertionError, match=reason):
        shown_in_code(source)


# --- md_escape -----------------------------------------------------------------------------


CASES = [
    "",
    "plain words",
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    "**bold** _italic_ ~~struck~~",
    "[a link](https://example.com) ![image](x.png)",
    "`code` and ``more``",
    "# Not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "| a | table |",
    "a -- b, a --> b, a -> b, a <- b, a <-> b, x >= y, x <= y, x ~= y",
    "--",
    "->",
    "<=",
    "costs $5 to $10",
    "$$x^2$$ and $y$",
    r"\(x\) and \[y\] and a \ backslash",
    "&amp; &#60; &copy;",
    ":fire: :+1: :material/home: :streamlit: :red[red] :small[x]",
    "https://example.com and www.Example.com and WWW.EXAMPLE.COM and me@example.com",
    "two\nlines",
    "a blank\n\nline",
    "a blank\n\n    then indented",
    "Title\n===",
    "Title\n---",
    "windows\r\nline\rends",
    "ends with a line break\n",
    "    indented at the start",
    "\tand a tab",
    '12:30 at 5 o\'clock, 100% "quoted"',
    "emoji 🎉 and ünïcödé",
]


@pytest.mark.parametrize("text", CASES)
def test_md_escape_shows_text_as_typed(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert shown_as_text(md_escape(text)) == expected


@given(
    st.text(
        alphabet=st.sampled_from(sorted(MEANINGFUL) + list(" \t\n\rab1@w/'\"é:")) | st.characters()
    )
)
def test_md_escape_shows_any_text_as_typed(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert shown_as_text(md_escape(text)) == expected


def test_md_escape_leaves_plain_text_alone() -> None:
    assert md_escape("Plain words, 40 percent") == "Plain words, 40 percent"
    assert md_escape("") == ""


# --- md_name -------------------------------------------------------------------------------


NAMES = [
    "Board plan",
    "<b>bold</b> **name** $x$ :fire: a -> b",
    "a`b",
    "a``b`c",
    "`starts with a backtick",
    "ends with a backtick`",
    "``",
    "`",
    " spaced ",
    " ",
    "   ",
    "a",
    "ends with a space ",
    "emoji 🎉",
]


@pytest.mark.parametrize("name", NAMES)
def test_md_name_shows_the_name_exactly(name: str) -> None:
    assert shown_in_code(md_name(name)) == name


@given(
    st.text(
        alphabet=st.sampled_from(list("` a*_-<>$:\\")) | st.characters(blacklist_characters="\n\r")
    )
)
def test_md_name_shows_any_one_line_name_exactly(name: str) -> None:
    if not name or ":material/" in name:
        return
    assert shown_in_code(md_name(name)) == name


def test_md_name_of_nothing_is_an_empty_looking_span() -> None:
    assert shown_in_code(md_name("")) == " "


def test_md_name_keeps_line_breaks_from_starting_a_block() -> None:
    # A link parameter can hold anything, line breaks included: they show as
    # spaces (as in any code span), not as a heading on a line of its own.
    assert shown_in_code(md_name("a\n# b\r\nc")) == "a # b c"


def test_md_name_keeps_streamlits_icon_rewrite_out() -> None:
    shown = shown_in_code(md_name(":material/home:"))
    assert shown.replace(WJ, "") == ":material/home:"
