"""Showing user text (scenario names, notes) as text, never as markup."""

from __future__ import annotations

import re

# Characters that Streamlit's markdown (CommonMark + GFM + KaTeX) gives meaning to.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])")


def md_escape(text: str) -> str:
    """``text`` escaped so that st.markdown shows it literally.

    Backslash-escapes every markdown, HTML and math character: a name such as
    ``<img src=x onerror=alert(1)>`` or ``**bold**`` is shown as typed.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
