"""Page benchmark: each page's script run time in AppTest and the Plotly JSON it sends.

Run with `python bench/bench_pages.py [Page_slug ...]` from the repository root (default:
every page, e.g. `python bench/bench_pages.py Optimisers` for one). For every page (and
for each extra setting in DEMANDING) it reruns the script at least 5 times and
prints one table: the median and the slowest rerun in ms, and the size of the
page's Plotly figures in kB.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gdcore  # noqa: E402
from topics import dense_layers, make_a_guess, non_zero_derivatives  # noqa: E402
from topics.claim_frequency import controls as claim_frequency  # noqa: E402
from topics.exercises import controls as exercises  # noqa: E402
from topics.gradient_descent import controls as gd  # noqa: E402
from topics.learning_rates import controls as learning_rates  # noqa: E402
from topics.loss_and_derivatives import controls as loss  # noqa: E402
from topics.optimisers import controls as optimisers  # noqa: E402
from topics.train_a_network import controls as net  # noqa: E402
from ui.datasets import LABELS  # noqa: E402
from ui.figures import CHART_COMPONENT  # noqa: E402
from ui.nav import PAGES  # noqa: E402

REPEATS = 7

# Page path -> widget key -> value: the most demanding control values of a page.
DEMANDING: dict[str, dict[str, object]] = {
    # 20 observations (the editor's limit) and logits far beyond exp's overflow.
    "pages/1_Dense_layers.py": {
        dense_layers.DATA: {
            "edited_rows": {},
            "added_rows": [{"x_1": i % 7 - 3.0, "x_2": i / 3 - 2.0, "y": i % 2} for i in range(17)],
            "deleted_rows": [],
        },
        dense_layers.W22: 1000.0,
    },
    # The largest synthetic data, the last BGD iteration, 8 decimals, 30 SGD points at the last one.
    "pages/7_Loss_and_derivatives.py": {
        loss.BGD_DATA: LABELS["synthetic"],  # the selectbox's options are its labels
        loss.BGD_N: 100,
        loss.BGD_NOISE: 3.0,
        loss.BGD_K: loss.K_MAX,
        loss.BGD_DECIMALS: 8,
        loss.SGD_POINTS: ", ".join(f"({i}, {2 * i - 1})" for i in range(loss.MAX_POINTS)),
        loss.SGD_T: loss.MAX_POINTS,
    },
    # every overlay on, the longest gradient-descent run, many guesses
    "pages/2_Make_a_guess.py": {
        make_a_guess.DERIVATIVES: True,
        make_a_guess.REVEAL: True,
        make_a_guess.PLAY: True,
        make_a_guess.STEPS: 200,
        make_a_guess.GUESSES: {"lecture": [float(x) for x in range(0, 101, 2)]},
    },
    # the most layers for the dead-unit histogram (a cache miss on the first run only) and the widest layer
    "pages/6_Non_zero_derivatives.py": {
        non_zero_derivatives.N_SEEDS: 2000,
        non_zero_derivatives.UNITS: 100,
        non_zero_derivatives.STEPS: 100,
    },
    "pages/5_Optimisers.py": {
        optimisers.SURFACE: "Rastrigin",
        optimisers.STEPS: 500,
        optimisers.INSIDE_STEP: 500,
        optimisers.key("RMSprop", optimisers.CENTERED): True,
        optimisers.VIEW: optimisers.VIEWS[1],  # the tab that draws the 3-D view
    },
    # the most SGD steps (500 points x 20 epochs, the cap), the smallest mini-batch, the longest
    # pitfall run, and the escape share over the most seeds and epochs with one example per step
    "pages/3_Gradient_descent.py": {
        gd.N: 500,
        gd.EPOCHS: 50,
        gd.BATCH: 2,
        gd.PIT_STEPS: 200,
        gd.NZ_BATCH: 1,
        gd.NZ_EPOCHS: 40,
        gd.NZ_SEEDS: 100,
    },
    # the largest portfolio (its first run trains with a progress bar; see the README), the longest
    # full-batch runs, the hardest race target, the smallest mini-batches for the longest early-stopping run
    "pages/9_Claim_frequency.py": {
        claim_frequency.N_POLICIES: 100_000,
        claim_frequency.EPOCHS: 1000,
        claim_frequency.TARGET: 0.9,
        claim_frequency.BATCH: 256,
        claim_frequency.ES_EPOCHS: 200,
        claim_frequency.PATIENCE: 20,
    },
    # the most epochs, six extra learning rates, the longest bowl and arm runs, cosine with warm-up
    "pages/4_Learning_rates.py": {
        learning_rates.EPOCHS: 100,
        learning_rates.EXTRA: "0.2, 0.1, 0.02, 0.01, 0.005, 0.001",
        learning_rates.BOWL_STEPS: 100,
        learning_rates.BOWL_ETA: 0.001,
        learning_rates.SCHEDULE: learning_rates.SCHEDULES[3],  # cosine decay with warm-up
        learning_rates.ARM_STEPS: 200,
    },
    # the exercise with the most inputs (18) and its two worked tables, and the longest printable sheet
    "pages/10_Exercises.py": {
        exercises.KIND: "bgd",
        exercises.SEED: 123456,
        exercises.SHEET_COUNT: exercises.SHEET_MAX,
    },
    # two runs at batch 1 (the step cap: 5,000 steps each) of the largest network on every feature
    "pages/8_Train_a_network.py": {
        net.DATA: net.DATA_LABELS["spiral"],  # the selectbox's options are its labels
        net.CLASSES: 4,
        net.FEATURES: list(gdcore.INPUT_FEATURES),
        net.HIDDEN: "8, 8, 8, 8",
        net.BATCH: 1,
        net.EPOCHS: 300,
        net.COMPARE: True,
        net.B_BATCH: 1,
    },
}


# Settings kept in the address bar only (no widget, no session state): set as query parameters.
URL_ONLY = {loss.SGD_T}


def plotly_bytes(at: AppTest) -> int:
    """Total size of the Plotly figure JSON in the page's last run (GD Lab's chart elements)."""
    return sum(
        len(element.proto.bytes)
        for element in at.get("bidi_component")
        if element.proto.component_name == CHART_COMPONENT
    )


def measure(path: str | None, settings: dict[str, object] | None = None) -> tuple[float, float, int]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if path is not None:
        at.switch_page(path)
        at.run()
    pending = dict(settings or {})
    for key in URL_ONLY & pending.keys():
        at.query_params[key] = str(pending.pop(key))
    while pending:  # in rounds: a control may appear only once another is set (Compare's, the classes)
        ready = [key for key in pending if key in at.session_state]
        if not ready:  # a renamed key would silently benchmark the defaults
            raise KeyError(
                f"{path}: DEMANDING sets {next(iter(pending))!r}, which is no widget or state of the page"
            )
        for key in ready:
            at.session_state[key] = pending.pop(key)
        at.run()
    if at.exception:
        raise RuntimeError(f"{path}: {at.exception}")
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), plotly_bytes(at)


def main(slugs: list[str]) -> None:
    rows = [] if slugs else [("Home", "defaults", *measure(None))]
    for page in PAGES:
        if slugs and Path(page.path).stem.split("_", 1)[1] not in slugs:
            continue
        rows.append((page.label, "defaults", *measure(page.path)))
        if page.path in DEMANDING:
            rows.append((page.label, "most demanding", *measure(page.path, DEMANDING[page.path])))
    print(f"{'page':<28} {'settings':<15} {'median ms':>10} {'max ms':>8} {'plotly kB':>10}")
    for label, setting, median, slowest, size in rows:
        print(f"{label:<28} {setting:<15} {median:>10.0f} {slowest:>8.0f} {size / 1000:>10.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
