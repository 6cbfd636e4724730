"""'Show the code': short, runnable Python that reproduces what is on screen.

Each page builds its snippet from its current settings and passes it here. The
gdcore snippet must print the numbers the page shows (a test runs every snippet
and checks exactly that); an optional Keras snippet shows the same settings in
the library the course uses.
"""

from __future__ import annotations

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


def fmt(value) -> str:
    """A Python literal for a number or a short sequence of numbers, for snippets."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if hasattr(value, "tolist"):
        return fmt(value.tolist())
    return repr(float(value)) if isinstance(value, float) else repr(value)
