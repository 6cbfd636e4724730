"""Plotly figures shared by several pages, styled once for a projector.

Figures take plain arrays (computed by gdcore) and return ``go.Figure``;
``show`` puts one on the page with a meaningful PNG file name.
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ui.page import presenter_mode

# Colour-blind-safe (Okabe-Ito), strong enough for a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FONT_SIZE = 15
LINE_WIDTH = 2.5
PRESENTER_SCALE = 1.45  # fonts and lines in presenter mode


def line_width() -> float:
    """The width of a main line: wider in presenter mode."""
    return LINE_WIDTH * (PRESENTER_SCALE if presenter_mode() else 1.0)


def styled(
    fig: go.Figure, *, title: str | None = None, x: str | None = None, y: str | None = None, height: int = 420
) -> go.Figure:
    """Apply GD Lab's look (``light_layout``) to a figure that already holds its traces."""
    fig.update_layout(light_layout(title=title, x=x, y=y, height=height))
    if presenter_mode():
        fig.update_traces(selector={"type": "scatter"}, line_width=line_width())
    return fig


def show(fig: go.Figure, name: str, key: str | None = None) -> None:
    """Draw ``fig``; its toolbar's camera saves ``gd-lab-<name>.png``."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"gd-lab-{name}", "scale": 2},
    }
    st.plotly_chart(fig, config=config, key=key)


def lines(
    series: dict[str, tuple], *, title=None, x=None, y=None, log_y=False, markers=False, height=420
) -> go.Figure:
    """One line per entry of ``series`` (name -> (x values, y values))."""
    traces = [
        go.Scatter(
            x=np.asarray(xs),
            y=np.asarray(ys),
            name=name,
            mode="lines+markers" if markers else "lines",
            line={"width": line_width()},
        )
        for name, (xs, ys) in series.items()
    ]
    yaxis = {"type": "log"} if log_y else {}
    return go.Figure(traces, light_layout(title=title, x=x, y=y, height=height, yaxis=yaxis))


def star(point, name="minimum", hovertemplate=None) -> go.Scatter:
    """A yellow star marking a minimum (or any special point) at ``point`` = (x, y)."""
    return go.Scatter(
        x=[point[0]],
        y=[point[1]],
        name=name,
        mode="markers",
        marker={"symbol": "star", "size": 18, "color": "#F0E442", "line": {"width": 1.5, "color": "black"}},
        hovertemplate=hovertemplate,
    )


def curve_with_steps(
    xs, fx, steps_x, steps_f, *, title=None, x="x", y="f(x)", curve_name="f", steps_name="steps", height=420
) -> go.Figure:
    """A 1-D curve with a sequence of steps on it (numbered markers joined by dotted lines)."""
    traces = [
        go.Scatter(
            x=xs, y=fx, name=curve_name, mode="lines", line={"width": line_width(), "color": PALETTE[0]}
        ),
        go.Scatter(
            x=steps_x,
            y=steps_f,
            name=steps_name,
            mode="lines+markers",
            line={"width": 1.5, "color": PALETTE[1], "dash": "dot"},
            marker={"size": 9, "color": PALETTE[1]},
            hovertemplate="step %{customdata}<br>x=%{x:.4g}<br>f=%{y:.4g}<extra></extra>",
            customdata=np.arange(len(steps_x)),
        ),
    ]
    return go.Figure(traces, light_layout(title=title, x=x, y=y, height=height))


def contour_with_paths(
    x_grid,
    y_grid,
    z,
    paths: dict[str, np.ndarray],
    *,
    minimum=None,
    minimum_name="minimum",
    extra_traces=(),
    colors=None,
    title=None,
    x="w",
    y="b",
    log_levels=True,
    height=480,
) -> go.Figure:
    """Loss contours over a 2-D grid with optimisation paths (each an array of shape (k, 2)).

    ``z`` has shape (len(y_grid), len(x_grid)). With ``log_levels`` the colours follow
    log10(loss), so both the valley floor and the walls show. ``colors`` gives each path's
    colour (default: the palette in order); ``extra_traces`` (e.g. a marker for the current
    point) are drawn on top.
    """
    z = np.asarray(z, dtype=float)
    shown = np.log10(z - z.min() + 1e-12 * max(1.0, abs(z.max()))) if log_levels else z
    traces = [
        go.Contour(
            x=x_grid,
            y=y_grid,
            z=shown,
            colorscale="Blues",
            reversescale=True,
            showscale=False,
            contours={"coloring": "heatmap"},
            ncontours=25,
            line={"width": 0.5},
            hoverinfo="skip",
            name="loss",
        )
    ]
    for i, (name, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        color = colors[i] if colors else PALETTE[(i + 1) % len(PALETTE)]
        traces.append(
            go.Scatter(
                x=path[:, 0],
                y=path[:, 1],
                name=name,
                mode="lines+markers",
                line={"width": line_width(), "color": color},
                marker={"size": 6, "color": color},
            )
        )
    traces.extend(extra_traces)
    if minimum is not None:
        traces.append(star(minimum, minimum_name))
    axes = {
        "xaxis": {"range": [float(np.min(x_grid)), float(np.max(x_grid))]},
        "yaxis": {"range": [float(np.min(y_grid)), float(np.max(y_grid))]},
    }
    return go.Figure(traces, light_layout(title=title, x=x, y=y, height=height, **axes))


def spaced(points, spans, gap: float = 0.004) -> np.ndarray:
    """Indices of the rows of ``points`` (shape (k, 2)) worth a marker: the first, the last,
    and each one at least ``gap`` of an axis span (``spans`` = (x span, y span)) from the
    last one kept.

    A marker per step looks the same where steps are large, and where hundreds of tiny
    steps pile up their markers overlap anyway (0.004 of a 550 px axis is about 2 px, less
    than a 4 px marker): this drops only markers that would be hidden under their
    neighbours. Each marker is an SVG element the browser has to draw, so a long run's
    chart draws several times faster.
    """
    points = np.asarray(points, dtype=float)
    if len(points) <= 2:
        return np.arange(len(points))
    scaled = (points / np.asarray(spans, dtype=float)).tolist()
    keep, (lx, ly) = [0], scaled[0]
    for i, (x, y) in enumerate(scaled[1:-1], start=1):
        if abs(x - lx) >= gap or abs(y - ly) >= gap:
            keep.append(i)
            lx, ly = x, y
    keep.append(len(points) - 1)
    return np.asarray(keep)


# plotly_white's look for 2-D charts only (background, grid, fonts, hover). The full
# template costs about 25 ms per figure (plotly copies and validates all of it, per-trace
# defaults included); this part of it costs about 1 ms and looks the same on our figures.
_WHITE = pio.templates["plotly_white"].layout.to_plotly_json()
LIGHT_TEMPLATE = go.layout.Template(
    layout={
        key: _WHITE[key]
        for key in (
            "annotationdefaults",
            "autotypenumbers",
            "font",
            "hoverlabel",
            "hovermode",
            "paper_bgcolor",
            "plot_bgcolor",
            "shapedefaults",
            "title",
            "xaxis",
            "yaxis",
        )
        if key in _WHITE
    }
)


def light_layout(*, title=None, x=None, y=None, height: int = 420, **extra) -> dict:
    """GD Lab's look as one layout dict, for ``go.Figure(data=traces, layout=light_layout(...))``.

    Building a figure in one call is far cheaper than ``update_layout`` / ``update_xaxes``
    on a figure that already holds traces (each update re-checks every property path), so a
    page that draws several figures per rerun stays within its time budget. Presenter mode
    enlarges the fonts and the height. ``extra`` entries (e.g. ``xaxis2``, ``annotations``,
    ``barmode``) are added as they are; an ``xaxis``/``yaxis`` entry is merged with the axis titles.
    """
    scale = PRESENTER_SCALE if presenter_mode() else 1.0
    layout = {
        "template": LIGHT_TEMPLATE,
        "title": title,
        "height": round(height * (1.15 if scale > 1 else 1)),
        "font": {"size": round(FONT_SIZE * scale)},
        "margin": {"l": 60, "r": 20, "t": 60 if title else 30, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "colorway": PALETTE,
    }
    layout["xaxis"] = {"title": {"text": x}, **extra.pop("xaxis", {})}
    layout["yaxis"] = {"title": {"text": y}, **extra.pop("yaxis", {})}
    layout.update(extra)
    return layout


class PrebuiltFigure(go.Figure):
    """A figure given as a plain dict (``{"data": [...], "layout": {...}, "frames": [...]}``).

    ``st.plotly_chart`` turns any ``go.Figure`` into a dict with ``to_dict()``, validating
    every frame on the way: for an animation with tens of frames that costs ~100 ms per
    rerun. Build the frames as plain dicts, the traces and layout with ``go.Figure`` (so
    those are validated), and wrap the result: ``PrebuiltFigure({**fig.to_dict(), "frames": frames})``.
    """

    def __init__(self, spec: dict):
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def quick_figure(traces: list, layout: dict) -> PrebuiltFigure:
    """A figure from trace dicts (``{"type": "scatter", "x": ..., ...}``) and a ``light_layout``,
    without plotly's per-property validation (a few ms per trace).

    For pages with many figures per rerun; the traces must be valid plotly JSON (a page
    test that reads the chart's spec is the check). ``go`` traces may be mixed in.
    """
    return PrebuiltFigure({"data": list(traces), "layout": layout})


SIGNIFICANT = 6  # digits kept by ``drawn_once``: far more than a chart can show


def _rounded(values: np.ndarray) -> list:
    """``values`` as a nested list, floats rounded to SIGNIFICANT significant digits (short in JSON)."""
    if values.dtype.kind != "f":
        return values.tolist()
    digits = f".{SIGNIFICANT}g"
    flat = [float(format(v, digits)) for v in values.ravel().tolist()]  # exact decimal rounding
    return np.array(flat).reshape(values.shape).tolist()


def _plain(value):
    """A figure dict's value with every NumPy or typed array as a plain (rounded) list."""
    if isinstance(value, np.ndarray):
        return _rounded(value)
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:  # plotly.py's typed array
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return _rounded(array)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _merged(base: dict, over: dict) -> dict:
    """``base`` updated by ``over``, nested dicts merged (``over`` wins)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        elif value is not None or key not in merged:
            merged[key] = value
    return merged


def drawn_once(fig) -> PrebuiltFigure:
    """``fig`` as a plain spec that the browser draws once instead of twice.

    Streamlit (1.67) draws a new or changed chart twice: ``Plotly.newPlot``, then, after
    mounting, ``Plotly.react`` with a deep copy of the same figure. Plotly.react redraws
    from scratch unless it can tell nothing changed, and it cannot when the layout has a
    ``template`` (compared by identity), when data arrays are typed arrays (plotly.py
    sends NumPy arrays base64-encoded) or when ``layout.datarevision`` is unset (arrays
    compared by identity). So this returns the figure with plain lists (rounded to
    SIGNIFICANT digits), the template's layout merged into the layout (the same look
    for single-axis 2-D charts and 3-D scenes; a template's per-axis defaults would not
    reach ``xaxis2`` and the like) and a fixed ``datarevision``: the second draw then
    costs a few ms. Build it once per figure (e.g. inside a cached builder).
    """
    spec = fig.to_dict()
    layout = dict(spec.get("layout") or {})
    template = layout.pop("template", None) or {}
    if hasattr(template, "to_plotly_json"):
        template = template.to_plotly_json()
    defaults = {k: v for k, v in (template.get("layout") or {}).items() if not k.endswith("defaults")}
    layout = _merged(_plain(defaults), _plain(layout))
    layout["datarevision"] = 1
    plain = {**spec, "data": _plain(spec.get("data", [])), "layout": layout}
    if spec.get("frames"):
        plain["frames"] = _plain(spec["frames"])
    return PrebuiltFigure(plain)
