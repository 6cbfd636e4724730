"""How long Chromium takes to draw each Optimisers figure from scratch (Plotly.newPlot).

Run with `python bench/figure_draw_times.py` from the repository root. It builds the page's
figures at default settings, loads the plotly.js that ships with the plotly package into a
blank page of headless Chromium (same flags as the browser tests: SwiftShader WebGL) and
times `Plotly.newPlot` into a fresh 650 px wide div and then `Plotly.react` with a deep copy
of the figure, REPEATS times per figure: what Streamlit does after every rerun that changes a
figure (a changed figure is a new chart element, drawn, then drawn again after mounting).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import plotly
import plotly.io as pio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gdcore  # noqa: E402
from bench._app import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from topics.optimisers import controls, figures  # noqa: E402
from ui.figures import drawn  # noqa: E402

REPEATS = 5
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# As Streamlit 1.67 draws a new chart: Plotly.newPlot, then Plotly.react with a deep copy.
DRAW = """async ([spec, repeats]) => {
    const times = [];
    for (let i = 0; i < repeats; i++) {
        const fig = JSON.parse(spec);
        const div = document.createElement('div');
        div.style.width = '650px';
        document.body.appendChild(div);
        const start = performance.now();
        await Plotly.newPlot(div, fig.data, fig.layout, {displaylogo: false});
        if (fig.frames) await Plotly.addFrames(div, fig.frames);
        const first = performance.now();
        const copy = JSON.parse(JSON.stringify(fig));
        await Plotly.react(div, {data: copy.data, layout: copy.layout, frames: copy.frames});
        await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push([first - start, performance.now() - first]);
        Plotly.purge(div);
        div.remove();
    }
    return times;
}"""


def specs() -> dict:
    """The Optimisers page's figures at default settings, as the page sends them (JSON), by name."""
    surface = gdcore.SURFACES["quadratic"]
    settings = {
        "SGD": {"learning_rate": 0.01},
        "Momentum": {"learning_rate": 0.01, "momentum": 0.9, "nesterov": False},
        "Nesterov": {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True},
        "AdaGrad": {"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7},
        "RMSprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
        "Adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    }
    paths = {
        n: gdcore.optimiser_path(surface, surface.start, controls.build(n, s, "keras"), 200)
        for n, s in settings.items()
    }
    views = {
        **figures.build_views(surface, paths, surface.grid(80)),
        "surface": figures.surface_3d(surface, surface.grid(50), paths),
    }
    return {name: pio.to_json(drawn(fig), validate=False) for name, fig in views.items() if fig is not None}


def main() -> None:
    sent = specs()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_content("<html><body></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        print(f"{'figure':<12} {'kB':>6} {'newPlot ms':>11} {'react ms':>9}  (medians)")
        for name, spec in sent.items():
            times = page.evaluate(DRAW, [spec, REPEATS])[1:]  # the first draw also compiles code paths
            first, second = (statistics.median(t[i] for t in times) for i in (0, 1))
            print(f"{name:<12} {len(spec) / 1000:>6.0f} {first:>11.0f} {second:>9.0f}")
        browser.close()


if __name__ == "__main__":
    main()
