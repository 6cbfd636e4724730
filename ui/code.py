"""'Show the code': short, runnable Python that reproduces what is on screen.

Each page builds its snippet from its current settings and passes it here. The
gdcore snippet must print the numbers the page shows (a test runs every snippet
and checks exactly that); an optional Keras snippet shows the same settings in
the library the course uses.
"""

from __future__ import annotations

import html
import keyword
import re

import streamlit as st

CODE_LABEL = "Show the code"
CODE = "code"  # the expander's key, open or closed; a page with several passes its own keys
INSTALL = (
    "It prints the numbers on this page. To run it outside GD Lab, install `gdcore` (pure NumPy) "
    "once from a checkout of GD Lab: `pip install .` in its folder; then run the snippet with Python 3.11+."
)


def show_code(snippet: str, keras: str | None = None, *, key: str = CODE) -> None:
    """An expander with the gdcore snippet, and a Keras tab when one is given.

    Its contents are sent only while it is open (opening it reruns its section): a closed one
    costs the server one element, and the browser does not load and run its code highlighter,
    about half a second of Chromium's main thread in a first load of Dense layers (a CPU profile).
    """
    with st.expander(CODE_LABEL, icon=":material/code:", key=key, on_change="rerun") as expander:
        if not expander.open:
            return
        st.caption(INSTALL)
        if keras is None:
            st.code(snippet, language="python")
            return
        gdcore_tab, keras_tab = st.tabs(["gdcore + NumPy", "Keras"])
        gdcore_tab.code(snippet, language="python")
        with keras_tab:
            st.caption("The same settings in Keras 3 (not run by GD Lab).")
            st.code(keras, language="python")


# A few lines of pseudocode in a box like st.code's, coloured as its Python (light theme):
# keywords, numbers, operators, punctuation.
PSEUDOCODE_CLASS = "gd-pseudocode"
_PSEUDOCODE_CSS = f"""<style>
.{PSEUDOCODE_CLASS} {{ margin: 0; padding: 1rem; border-radius: 0.5rem; background: rgb(247, 249, 252);
  color: rgb(17, 17, 17); font-family: "Source Code Pro", monospace; font-size: 0.875rem;
  line-height: 1.6; white-space: pre-wrap; }}
.{PSEUDOCODE_CLASS} .kw {{ color: rgb(28, 131, 225); }}
.{PSEUDOCODE_CLASS} .op {{ color: rgb(237, 111, 19); }}
.{PSEUDOCODE_CLASS} .pu {{ color: rgb(128, 132, 149); }}
.{PSEUDOCODE_CLASS} .nu {{ color: rgb(41, 176, 157); }}
</style>"""
_TOKENS = re.compile(
    rf"(?P<kw>\b(?:{'|'.join(keyword.kwlist)})\b)|(?P<nu>\b\d+(?:\.\d+)?\b)|(?P<op>[-+*/%=<>!]+)|(?P<pu>[()\[\]{{}}:,.])"
)


def pseudocode_html(text: str) -> str:
    """``text`` as the HTML of a ``<pre>``, escaped, its keywords, numbers, operators and punctuation in spans."""
    parts, end = [], 0
    for token in _TOKENS.finditer(text):
        parts += [
            html.escape(text[end : token.start()]),
            f'<span class="{token.lastgroup}">{html.escape(token[0])}</span>',
        ]
        end = token.end()
    parts.append(html.escape(text[end:]))
    return f'{_PSEUDOCODE_CSS}<pre class="{PSEUDOCODE_CLASS}">{"".join(parts)}</pre>'


def pseudocode(text: str) -> None:
    """A few lines of pseudocode (the lecture's loops), coloured, in a box like ``st.code``'s.

    Not ``st.code``: that loads Streamlit's code highlighter into the browser, 0.3-0.4 s of a
    first load (Gradient descent, side by side: 0.87-0.90x without it), for a few static lines."""
    st.html(pseudocode_html(text))


def fmt(value) -> str:
    """A Python literal for a number or a short sequence of numbers, for snippets."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if hasattr(value, "tolist"):
        return fmt(value.tolist())
    return repr(float(value)) if isinstance(value, float) else repr(value)
