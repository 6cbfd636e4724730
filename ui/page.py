"""What every page does: page config, our menu, presenter mode, the share link, the title;
a row of metrics, and input that cannot be read reported without stopping the page."""

from __future__ import annotations

import functools
import gc
import html
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from threadpoolctl import threadpool_limits

from ui import compute
from ui.nav import HOME, sidebar_menu

# One BLAS thread per process, set once when the first page is imported. The server runs every
# student's script in a thread of one process, so the parallel work is the students'; OpenBLAS's
# own threads (which spin while they wait) only took CPU from them: Claim frequency's server CPU
# per interaction fell from a mean of 243-253 ms to 152-167 ms (`python -m bench.load --per-move 25`).
threadpool_limits(limits=1, user_api="blas")

# A local file: a Material-icon favicon would be fetched from a font server, and
# the app must work offline.
ICON = str(Path(__file__).resolve().parents[1] / "assets" / "gd-lab-icon.png")

# Run at the top of every page (in the menu's HTML): plotly.js's download starts as the page does,
# beside the page's script, rather than when its first chart comes (on localhost this changes
# nothing measurable; over a lecture theatre's Wi-Fi the download overlaps the script). The chart
# element (ui/figures.py) runs the same file.
PLOTLY_LOADER = (Path(__file__).parent / "plotly_loader.js").read_text(encoding="utf-8")

PRESENTER_KEY = "presenter"
VIEWS_KEY = "_views"  # page path -> its last query parameters in this session
HERE_KEY = "_here"  # the page of the last run in this session

# Projector-sized text, tables and formulas; ui.figures.show scales the charts and
# ui.tables.show_table draws static tables, which grow with the font. (A data grid or editor
# cannot be zoomed: it sizes its canvas from its zoomed box and cuts off its last columns.)
PRESENTER_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stTable"] td, [data-testid="stTable"] th { padding: 0.25rem 0.5rem; white-space: nowrap; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
.katex { font-size: 1.3em; }
</style>
"""

# What would be cut at the right edge of its column is made smaller until it fits, at any
# window width and in both modes: a formula (KaTeX scrolls instead, and a projector cannot
# scroll), a metric's value or label and a button's label (cut to "0.1..." otherwise), a table.
FIT_HTML = """
<script>
(() => {
  if (window.gdFit) return;
  window.gdFit = true;
  const FITTED = [
    [".katex-display", ".katex"],
    ['[data-testid="stMetricValue"]', '[data-testid="stMetricValue"] > div'],
    [".stMarkdownEllipsis", ".stMarkdownEllipsis"],  // a metric's, a widget's or a button's label
    ['[data-testid="stTable"]', '[data-testid="stTable"] table'],
  ];
  const fit = () => {
    for (const [boxes, texts] of FITTED) {
      document.querySelectorAll(texts).forEach((text) => {
        const box = text.closest(boxes) || text;
        text.style.fontSize = "";
        text.style.whiteSpace = "";
        const room = box.clientWidth, need = Math.max(box.scrollWidth, text.scrollWidth);
        if (room > 0 && need > room + 2) {
          const size = parseFloat(getComputedStyle(text).fontSize);
          text.style.fontSize = `${Math.max(0.45, (room - 2) / need) * size}px`;
          text.style.whiteSpace = "nowrap";
        }
      });
    }
  };
  let queued = false;
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; fit(); }); } };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true, characterData: true });
  window.addEventListener("resize", soon);
  soon();
})();
</script>
"""


def presenter_mode() -> bool:
    """True when the presenter-mode switch in the menu is on (kept across pages)."""
    return bool(st.session_state.get(PRESENTER_KEY, False))


def share_url() -> str:
    """This page's address with the current (non-default) controls as query parameters."""
    base = st.context.url or ""
    query = urlencode(st.query_params.to_dict(), doseq=True)
    return f"{base}?{query}" if query else base


@functools.cache
def freeze_the_libraries() -> None:
    """Leave what the server loaded before its first page (Streamlit, NumPy, pandas, Plotly and the
    rest: most of its heap) out of Python's full garbage collections, once per process.

    Under a class's load (75 students, `python -m bench.load`) a full collection came about every
    5 s, walked that whole heap and stopped every student: 1.75-1.90 s of every 55 s, up to 266-299
    ms at once; with the libraries frozen, 0.86-0.97 s (up to 190-256 ms: what is left is the
    students' own data and the caches). Frozen objects are still freed when their last reference
    goes; only cycles among them are never collected (`gc.freeze`), and the libraries stay loaded.
    """
    gc.collect()
    gc.freeze()


def start(title: str, intro: str) -> None:
    """Set up a page: its turn to run (``compute.take_turn``), wide layout, the compute workers, the
    menu, presenter mode, the share link, the title and a short 'what you will see'."""
    compute.take_turn()
    st.set_page_config(page_title=f"{title} · GD Lab", page_icon=ICON, layout="wide")
    compute.pool()  # started by a server's first page: ready before a student waits for a heavy run
    freeze_the_libraries()
    _return_to_last_view()
    sidebar_menu()
    with st.sidebar:
        st.toggle(
            "Presenter mode",
            key=PRESENTER_KEY,
            persist_state="session",
            help="Larger text, tables and charts for a projector; stays on across pages.",
        )
        _share_link()
        st.html(f"{FIT_HTML}<script>{PLOTLY_LOADER}</script>", unsafe_allow_javascript=True)
    if presenter_mode():
        st.html(PRESENTER_CSS)
    st.title(title)
    st.markdown(intro)


def keep_in_url(name: str, value: str | None) -> None:
    """Keep ``value`` in the address bar as ``?name=value`` (None: the parameter is removed).

    Only a change is written: each write tells the browser to update its address, and a section
    that reruns often (a fragment) would otherwise send one on every run.
    """
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def this_page() -> str:
    """The running page's path relative to the app (``pages/5_Optimisers.py``, or ``app.py``)."""
    ctx = get_script_run_ctx()
    script = Path(ctx.pages_manager.get_pages()[ctx.page_script_hash]["script_path"])
    return HOME if script.parent.name != "pages" else f"pages/{script.name}"


def _return_to_last_view() -> None:
    """Browser Back and the menu return a page to the view it had, within this session.

    Every control is bound to the URL; but when a student leaves a page, Streamlit drops
    that page's parameters from its history entry, so Back (or the menu) would open it with
    the defaults. So each run records its page's parameters, and a page entered from another
    one without parameters (by Back, the menu or a bare link) is switched to the ones it had.
    A shared link carries its own parameters and is never overridden; a rerun on the same
    page (a control moved back to its default) is never undone.
    """
    here, views = this_page(), st.session_state.setdefault(VIEWS_KEY, {})
    arrived = st.session_state.get(HERE_KEY) != here
    st.session_state[HERE_KEY] = here
    current = st.query_params.to_dict()
    if arrived and not current and views.get(here):
        st.switch_page(here, query_params=views[here])
    views[here] = current


def _remember_view() -> None:
    """Record the page's view (its query parameters) for Back and the menu, as ``start`` does:
    a section that reruns alone does not run ``start``."""
    here = st.session_state.get(HERE_KEY)  # a fragment is part of the page of the last full run
    if here is not None:
        st.session_state.setdefault(VIEWS_KEY, {})[here] = st.query_params.to_dict()


def section(draw=None, *, key: str | None = None):
    """A page section: ``@section`` or ``@section(key=...)`` on the function that draws it.

    It runs as an ``st.fragment``: a change to one of its own controls reruns this section alone
    (its sidebar controls inside ``with st.sidebar:``), or the sections named by ``rerun_only``.
    It records the page's view at its start and at its end, so that Back and the menu return to
    the view the section left (or was given, if the student's next click cut its run short), not
    to the page's last full run.
    """
    if draw is None:
        return functools.partial(section, key=key)

    @functools.wraps(draw)
    def run(*args, **kwargs):
        compute.take_turn()  # a section rerun alone starts here
        _remember_view()  # the view the student made, should the run be cut short by a click
        draw(*args, **kwargs)
        _remember_view()  # ... and the one the section left (it may set parameters)

    return st.fragment(run, key=key)


def rerun_only(*sections: str) -> dict:
    """A control's ``on_change``: rerun only the sections (their ``key``) that show what it changes."""
    return {"on_change": st.rerun, "args": (list(sections),)}


# The link follows the address bar in the browser: a section rerun as a fragment does not
# redraw the sidebar, but its controls still update the URL.
SHARE_HTML = """
<div class="gd-share">
<input class="gd-share-link" readonly aria-label="Link to this view" value="{url}"
 style="width:100%;box-sizing:border-box;padding:.4rem;font-family:monospace;font-size:.8rem;
 border:1px solid #ccc;border-radius:.3rem">
<button class="gd-share-copy" type="button" style="margin-top:.4rem;padding:.2rem .8rem;
 border:1px solid #ccc;border-radius:.3rem;background:white;cursor:pointer">Copy link</button>
</div>
<script>
(() => {{
  if (window.gdShare) return;
  window.gdShare = true;
  const refresh = () => document.querySelectorAll(".gd-share-link").forEach((field) => {{
    if (field.value !== window.location.href) field.value = window.location.href;
  }});
  window.setInterval(refresh, 300);
  document.addEventListener("click", async (event) => {{
    const button = event.target.closest(".gd-share-copy");
    if (!button) return;
    const field = button.parentElement.querySelector(".gd-share-link");
    refresh();
    field.select();
    try {{ await navigator.clipboard.writeText(field.value); }} catch {{ document.execCommand("copy"); }}
    button.textContent = "Copied";
    window.setTimeout(() => {{ button.textContent = "Copy link"; }}, 1500);
  }});
}})();
</script>
"""


def _share_link() -> None:
    """A 'copy link to this view' box. Every control is bound to the URL; the box shows this run's
    address and then follows the browser's address bar (fragments rerun without redrawing it)."""
    with st.expander("Share this view", icon=":material/link:"):
        st.caption("Copy this link: it opens the page with the same settings (same numbers, same seeds).")
        st.html(SHARE_HTML.format(url=html.escape(share_url())), unsafe_allow_javascript=True)


def metrics_row(*metrics: tuple) -> None:
    """One row of ``st.metric``, a column each; a metric is (label, value) or (label, value, {more arguments})."""
    for column, (label, value, *more) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value, **(more[0] if more else {}))


def read_or_report(parse, text: str, *, fallback, message: str, icon: str | None = None):
    """``parse(text)``; when it raises ValueError, ``st.error(message)`` (its ``{error}`` filled in)
    and ``fallback`` instead, so that the page keeps running."""
    try:
        return parse(text)
    except ValueError as error:
        st.error(message.format(error=error), icon=icon)
        return fallback
