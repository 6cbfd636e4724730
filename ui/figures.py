"""The one way to build and draw a figure, GD Lab's look, and the traces several pages share.

A figure is a plain Plotly spec, ``{"data": [trace dicts], "layout": {...}, "frames": [...]}``:
build it with :func:`figure`, draw it with :func:`show`::

    fig = figure([line(epochs, losses, "training loss")], x="epoch", y="loss")
    show(fig, name="learning-curve")

- Builders never read presenter mode: ``show`` scales fonts, lines and height once, when it
  draws, so a cached figure serves both modes.
- Specs are not validated when they are built (plotly.py's validation costs milliseconds per
  trace and frame); the page tests validate every chart of every page with
  ``plotly.graph_objects.Figure``, at the defaults and at the extremes.
- ``show`` sends the spec as Plotly.js can compare it with the chart already drawn (see
  :func:`drawn`): plain rounded lists, GD Lab's look written into the layout. Each chart is a
  small Streamlit component (``ui/chart.js``) that keeps its place from run to run, so a changed
  figure is redrawn in place by ``Plotly.react`` and an unchanged one is not drawn again.
"""

from __future__ import annotations

import base64
import re
import struct
import threading
import zlib
from collections import OrderedDict
from pathlib import Path

import numpy as np
import orjson
import plotly.colors as pc
import plotly.io as pio
import streamlit as st

from ui.numbers import readable
from ui.page import PLOTLY_LOADER, presenter_mode

# Colour-blind-safe (Okabe-Ito), strong enough for a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
STAR_COLOUR = "#F0E442"
# plotly.py's "Blues" (ColorBrewer, light to dark) written out: in a plain spec the name would
# mean Plotly.js's own scale called "Blues", another one.
BLUES = [[i / (len(pc.sequential.Blues) - 1), colour] for i, colour in enumerate(pc.sequential.Blues)]
FONT_SIZE = 15
LINE_WIDTH = 2.5
PRESENTER_SCALE = 1.45  # fonts and lines in presenter mode
PRESENTER_HEIGHT = 1.15  # chart heights in presenter mode
SIGNIFICANT = 6  # digits a drawn spec keeps: far more than a chart can show
ARRAY_ROUNDING = 40  # from this many numbers on, _rounded rounds the whole array at once (faster)


# -- building -----------------------------------------------------------------


def figure(traces, *, title=None, x=None, y=None, height: int = 420, frames=None, **layout) -> dict:
    """A figure spec: ``traces`` (trace dicts) with GD Lab's layout.

    ``x`` and ``y`` are the axis titles; ``layout`` entries (``xaxis2``, ``annotations``,
    ``scene``, ``updatemenus``, ...) are added as they are, an ``xaxis``/``yaxis`` entry is
    merged with its title, a ``margin`` entry with the default margins.
    """
    spec_layout = {
        "title": {"text": title} if title else None,
        "height": height,
        "font": {"size": FONT_SIZE},
        "margin": {"l": 60, "r": 20, "t": 60 if title else 30, "b": 50, **layout.pop("margin", {})},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "colorway": list(PALETTE),
        "xaxis": {"title": {"text": x}, **layout.pop("xaxis", {})},
        "yaxis": {"title": {"text": y}, **layout.pop("yaxis", {})},
    }
    spec_layout.update(layout)
    spec = {"data": list(traces), "layout": {k: v for k, v in spec_layout.items() if v is not None}}
    if frames:
        spec["frames"] = list(frames)
    return spec


def line(xs, ys, name=None, *, colour=None, width=LINE_WIDTH, dash=None, markers=False, **more) -> dict:
    """A line trace through (xs, ys); ``markers`` adds a dot at each point, ``more`` any scatter property."""
    style = {"width": width, **({"color": colour} if colour else {}), **({"dash": dash} if dash else {})}
    trace = {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines+markers" if markers else "lines",
        "line": style,
    }
    if name is not None:
        trace["name"] = name
    if markers and colour:
        trace["marker"] = {"color": colour, **more.pop("marker", {})}
    return {**trace, **more}


def star(points, name="minimum", *, size=18, symbol="star", **more) -> dict:
    """Yellow stars (one or many) marking minima or any special point; ``points`` is (x, y) or (k, 2)."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    marker = {"symbol": symbol, "size": size, "color": STAR_COLOUR, "line": {"width": 1.5, "color": "black"}}
    return {
        "type": "scatter",
        "x": xy[:, 0],
        "y": xy[:, 1],
        "name": name,
        "mode": "markers",
        "marker": marker,
        **more,
    }


def contour(x_grid, y_grid, z, *, log_levels=True, name="loss", **more) -> dict:
    """Loss contours over a grid (``z`` has shape (len(y_grid), len(x_grid))), each band between
    two levels filled with its colour.

    With ``log_levels`` the colours follow log10(loss - min), so both the valley floor and
    the walls show. Filled bands, not a smooth heat map under the lines: Chromium draws a map
    of 80 x 80 values in about half the time (a smooth map is coloured pixel by pixel in
    JavaScript and encoded as an image on every draw: 67-72 ms against 24-36 ms a draw).
    """
    z = np.asarray(z, dtype=float)
    shown = np.log10(z - z.min() + 1e-12 * max(1.0, abs(z.max()))) if log_levels else z
    trace = {
        "type": "contour",
        "x": x_grid,
        "y": y_grid,
        "z": shown,
        "colorscale": BLUES,
        "reversescale": True,
        "showscale": False,
        "contours": {"coloring": "fill"},
        "ncontours": 25,
        "line": {"width": 0.5},
        "hoverinfo": "skip",
        "name": name,
    }
    return {**trace, **more}


def lines(series: dict, *, title=None, x=None, y=None, log_y=False, markers=False, height=420) -> dict:
    """One line per entry of ``series`` (name -> (x values, y values))."""
    traces = [line(xs, ys, name, markers=markers) for name, (xs, ys) in series.items()]
    return figure(traces, title=title, x=x, y=y, height=height, yaxis={"type": "log"} if log_y else {})


def curve_with_steps(
    xs, fx, steps_x, steps_f, *, title=None, x="x", y="f(x)", curve_name="f", steps_name="steps", height=420
) -> dict:
    """A 1-D curve with a sequence of steps on it (numbered markers joined by dotted lines)."""
    steps = line(
        steps_x,
        steps_f,
        steps_name,
        colour=PALETTE[1],
        width=1.5,
        dash="dot",
        markers=True,
        marker={"size": 9},
        customdata=np.arange(len(steps_x)),
        hovertemplate="step %{customdata}<br>x=%{x:.4g}<br>f=%{y:.4g}<extra></extra>",
    )
    return figure([line(xs, fx, curve_name, colour=PALETTE[0]), steps], title=title, x=x, y=y, height=height)


def contour_with_paths(
    x_grid,
    y_grid,
    z,
    paths: dict,
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
) -> dict:
    """Loss contours over a 2-D grid with optimisation paths (each an array of shape (k, 2)).

    ``colors`` gives each path's colour (default: the palette in order, from its second
    colour); ``extra_traces`` (e.g. a marker for the current point) are drawn on top, then
    the ``minimum`` as a star.
    """
    traces = [contour(x_grid, y_grid, z, log_levels=log_levels)]
    for i, (name, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        colour = colors[i] if colors else PALETTE[(i + 1) % len(PALETTE)]
        traces.append(line(path[:, 0], path[:, 1], name, colour=colour, markers=True, marker={"size": 6}))
    traces.extend(extra_traces)
    if minimum is not None:
        traces.append(star(minimum, minimum_name))
    axes = {
        "xaxis": {"range": [float(np.min(x_grid)), float(np.max(x_grid))]},
        "yaxis": {"range": [float(np.min(y_grid)), float(np.max(y_grid))]},
    }
    return figure(traces, title=title, x=x, y=y, height=height, **axes)


def tint(colour: str, share: float) -> str:
    """``colour`` ("#rrggbb") mixed with white: each channel c becomes 255 - share (255 - c)."""
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in pc.hex_to_rgb(colour))


def heat_image(z, colourscale, zmin: float, zmax: float) -> str:
    """A heat map as a PNG data URI, one pixel per value of ``z`` (rows from the bottom, as in a
    Plotly heat map): the colour of p = (z - zmin) / (zmax - zmin), clipped to [0, 1], in
    ``colourscale`` ([[position, "#rrggbb"], ...], positions from 0 to 1), linear in RGB between
    its stops, as Plotly.js colours a heat map.

    Drawn with :func:`image_layer`, a frame swaps it without redrawing the figure; a frame that
    changes a heat map trace makes Plotly.js draw the whole figure again.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"z must be a non-empty 2-D array, got shape {z.shape}")
    if not zmax > zmin:
        raise ValueError(f"zmax must be larger than zmin, got zmin={zmin}, zmax={zmax}")
    stops = np.array([position for position, _ in colourscale], dtype=float)
    rgb = np.array([pc.hex_to_rgb(colour) for _, colour in colourscale], dtype=float)
    position = np.clip((z - zmin) / (zmax - zmin), 0.0, 1.0)[::-1]  # a PNG's first row is its top
    pixels = np.stack([np.interp(position, stops, rgb[:, k]) for k in range(3)], axis=-1)
    rows = np.rint(pixels).astype(np.uint8)
    height, width = z.shape
    scanlines = b"".join(b"\x00" + row.tobytes() for row in rows)  # filter 0 on every row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))  # 8-bit RGB
        + chunk(b"IDAT", zlib.compress(scanlines, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode()


def cells_range(centres) -> list[float]:
    """The span of a heat map's cells centred at the evenly spaced ``centres``: half a cell beyond
    the first and the last (what Plotly.js autoranges a heat map's axis to)."""
    centres = np.asarray(centres, dtype=float)
    half = (centres[-1] - centres[0]) / (len(centres) - 1) / 2
    return [float(centres[0] - half), float(centres[-1] + half)]


def image_layer(source: str, x, y, axes: str = "") -> dict:
    """A layout image filling the cells centred at ``x`` and ``y`` on the axes ``x<axes>``,
    ``y<axes>``, below the traces: a :func:`heat_image` drawn where its heat map would be."""
    (left, right), (bottom, top) = cells_range(x), cells_range(y)
    return {
        "source": source,
        "xref": f"x{axes}",
        "yref": f"y{axes}",
        "x": left,
        "y": top,
        "sizex": right - left,
        "sizey": top - bottom,
        "xanchor": "left",
        "yanchor": "top",
        "sizing": "stretch",
        "layer": "below",
    }


LOG_DECADES = 8  # a log axis for curves that may diverge shows at most this many decades
LOG_ABOVE = 3  # ... and at most this many decades above the highest starting value


def bounded_log(traces, *, decades: int = LOG_DECADES, above: int = LOG_ABOVE, x_name: str = "x"):
    """(traces, yaxis): line traces on a readable log y-axis, even when they diverge.

    A diverging curve's values run to 1e300 or to inf, and an automatic log axis then shows
    hundreds of overlapping labels, or "NaN". Here the y-axis keeps a bounded range: from the
    lowest value shown (at most ``decades`` decades below its top) up to the highest value,
    but no more than ``above`` decades above the highest starting value; a tick every 1, 2
    or more decades (never more than about 8 labels), written as powers of ten.

    Each trace is returned with its y values as floats: a value that is not finite or not
    positive (a log axis cannot show it) becomes a gap (None). A curve that climbs above the
    top, or stops being finite, is cut after the first point where it does, and a triangle at
    the top edge, in the curve's colour, says where it left the chart (hover: its value there;
    ``x_name`` names the x value). Nothing non-finite is sent to Plotly.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ys = [np.asarray(trace["y"], dtype=float).ravel() for trace in traces]
        shown = [y[np.isfinite(y) & (y > 0)] for y in ys]
    values = np.concatenate(shown) if shown else np.array([])
    if not values.size:
        cleared = [{**trace, "y": [None] * len(y)} for trace, y in zip(traces, ys, strict=True)]
        return cleared, {"type": "log"}
    starts = [s[0] for s in shown if s.size]
    top = min(np.log10(values.max()) + 0.15, np.ceil(np.log10(max(starts))) + above)
    bottom = max(np.log10(values.min()) - 0.15, top - decades)
    if top - bottom < 1:
        middle = (top + bottom) / 2
        bottom, top = middle - 0.5, middle + 0.5
    span = top - bottom
    yaxis = {
        "type": "log",
        "range": [float(bottom), float(top)],
        "autorange": False,
        "exponentformat": "power",
        "showexponent": "all",
    }
    if span > 3:
        yaxis["dtick"] = int(np.ceil(span / 6))
    ceiling = 10.0**top
    out, exits = [], []
    for trace, y in zip(traces, ys, strict=True):
        with np.errstate(invalid="ignore"):
            outside = ~np.isfinite(y) | (y > ceiling)
        kept = [float(v) if np.isfinite(v) and v > 0 else None for v in y.tolist()]
        if outside.any():
            first = int(np.argmax(outside))
            kept = kept[: first + 1] + [None] * (len(kept) - first - 1)
            xs = np.asarray(trace["x"]).ravel()
            colour = trace.get("line", {}).get("color", PALETTE[1])
            value = readable(y[first]) if np.isfinite(y[first]) else "not a finite number"
            exits.append(
                {
                    "type": "scatter",
                    "x": [xs[first].item()],
                    "y": [ceiling],
                    "name": f"{trace.get('name', 'curve')}: leaves the chart",
                    "mode": "markers",
                    "cliponaxis": False,
                    "marker": {"symbol": "triangle-up", "size": 14, "color": colour, "line": {"width": 1}},
                    "hovertemplate": f"{x_name} = %{{x}}: {value}<br>above the chart<extra></extra>",
                }
            )
        out.append({**trace, "y": kept})
    return out + exits, yaxis


def spaced(points, spans, gap: float = 0.004) -> np.ndarray:
    """Indices of the rows of ``points`` (shape (k, 2)) worth a marker: the first, the last,
    and each one at least ``gap`` of an axis span (``spans`` = (x span, y span)) from the
    last one kept.

    A marker per step looks the same where steps are large, and where hundreds of tiny
    steps pile up their markers overlap anyway (0.004 of a 550 px axis is about 2 px, less
    than a 4 px marker): this drops only markers that would be hidden under their
    neighbours, so a long run's chart draws several times faster.
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


# -- drawing ------------------------------------------------------------------


def _rounded(values: np.ndarray) -> list:
    """``values`` as a nested list, floats rounded to SIGNIFICANT significant digits (short in JSON).

    Each float is the one ``float(format(v, ".6g"))`` gives (the double nearest to v's decimal
    rounding), computed for the whole array at once: with d = 5 - floor(log10 |v|) decimals,
    round(v 10^d) / 10^d, both factors exact for 1e-15 <= |v| < 1e15 (10^d is exact up to
    10^22, and one correctly rounded division gives the nearest double). Where v 10^d lies
    within 1e-6 of a tie (its own rounding error could decide it), or outside that range, the
    value is formatted one at a time, as is every value of an array shorter than ARRAY_ROUNDING
    (where the array arithmetic's fixed cost is more than formatting each).
    """
    if values.dtype.kind != "f":
        return values.tolist()
    flat = values.astype(float).ravel()
    digits = f".{SIGNIFICANT}g"
    if flat.size < ARRAY_ROUNDING:
        return np.array([float(format(v, digits)) for v in flat.tolist()]).reshape(values.shape).tolist()
    size = np.abs(flat)
    fast = (size >= 1e-15) & (size < 1e15)
    with np.errstate(all="ignore"):  # the values outside the range are computed again below
        decimals = (SIGNIFICANT - 1) - np.floor(np.log10(np.where(fast, size, 1.0)))
        up = decimals >= 0
        scale = 10.0 ** np.abs(decimals)
        scaled = np.where(up, flat * scale, flat / scale)
        nearest = np.round(scaled)
        result = np.where(up, nearest / scale, nearest * scale)
        fast &= np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) > 1e-6
    for i in np.flatnonzero(~fast).tolist():
        result[i] = float(format(flat[i], digits))
    return result.reshape(values.shape).tolist()


def _plain(value):
    """A spec's value with every NumPy array as a plain (rounded) list and every float rounded."""
    if isinstance(value, np.ndarray):
        return _rounded(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, float) for v in value):
            return _rounded(np.asarray(value))
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _merged(base: dict, over: dict) -> dict:
    """``base`` updated by ``over``, nested dicts merged (``over`` wins)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


# GD Lab's look, written into each layout (a ``template`` would make Plotly.react redraw every
# chart in full: it compares templates by identity): plotly_white over the type and greys of the
# app's Streamlit theme (as st.plotly_chart's theme drew GD Lab's charts, from .streamlit/config.toml).
# AXIS_LOOK goes to every 2-D axis a chart has (xaxis, xaxis2, ...), as a template's would.
_WHITE = pio.templates["plotly_white"].layout.to_plotly_json()
_GREY = "#808495"  # Streamlit's grey for axis labels
_FAMILY = '"Source Sans", sans-serif'  # the app's own type
_THEME = {
    "font": {"family": _FAMILY},
    "title": {"font": {"size": 16, "color": "#111111"}},
    "legend": {"font": {"size": 12, "color": "#262730"}},
    "hoverlabel": {
        "bgcolor": "#ffffff",
        "bordercolor": "rgba(17, 17, 17, 0.2)",
        "font": {"size": 12, "color": _GREY},
    },
    "margin": {"pad": 8},
}
_THEME_AXIS = {"tickfont": {"size": 12, "color": _GREY}, "title": {"font": {"size": 14, "color": _GREY}}}
LOOK = _merged(
    _THEME,
    _plain(
        {
            key: _WHITE[key]
            for key in (
                "autotypenumbers",
                "font",
                "hoverlabel",
                "hovermode",
                "paper_bgcolor",
                "plot_bgcolor",
                "title",
                "scene",
            )
        }
    ),
)
AXIS_LOOK = {
    "x": _merged({**_THEME_AXIS, "showgrid": False, "zeroline": False}, _plain(_WHITE["xaxis"])),
    "y": _merged(_THEME_AXIS, _plain(_WHITE["yaxis"])),
}
for _look in AXIS_LOOK.values():
    _look.pop("automargin", None)  # off: see _axes


def _larger(look: dict, scale: float) -> dict:
    """``look`` with each font size in it (tick labels, titles, legend, hover labels) times ``scale``."""
    return {
        key: {**value, "size": round(value["size"] * scale)}
        if key in ("font", "tickfont") and "size" in value
        else _larger(value, scale)
        if isinstance(value, dict)
        else value
        for key, value in look.items()
    }


# In presenter mode the look's own sizes grow with the rest (they would stay at 12-16 px).
PRESENTER_LOOK = _larger(LOOK, PRESENTER_SCALE)
PRESENTER_AXIS_LOOK = {axis: _larger(look, PRESENTER_SCALE) for axis, look in AXIS_LOOK.items()}

# Traces drawn on 2-D axes (the others: 3-D scenes, pies, tables, ...).
_CARTESIAN = {
    "scatter",
    "scattergl",
    "heatmap",
    "contour",
    "bar",
    "histogram",
    "box",
    "violin",
    "histogram2d",
}


def _for_presenter(spec: dict) -> dict:
    """``spec`` with larger fonts, wider lines and taller charts, for a projector."""
    layout = dict(spec["layout"])
    layout["font"] = {
        **layout.get("font", {}),
        "size": round(layout.get("font", {}).get("size", FONT_SIZE) * PRESENTER_SCALE),
    }
    layout["height"] = round(layout.get("height", 420) * PRESENTER_HEIGHT)
    data = [
        {**trace, "line": {**trace["line"], "width": trace["line"]["width"] * PRESENTER_SCALE}}
        if trace.get("type") == "scatter" and "width" in trace.get("line", {})
        else trace
        for trace in spec["data"]
    ]
    return {**spec, "data": data, "layout": layout}


def drawn(spec: dict, *, presenter: bool = False) -> dict:
    """``spec`` as ``show`` sends it: what Plotly.js can compare with the chart already drawn.

    ``Plotly.react`` redraws only what changed when it can tell what did, which it cannot when
    the layout has a ``template`` (compared by identity) or the data arrays are typed arrays
    (plotly.py sends NumPy arrays base64-encoded). So the drawn spec has plain lists (rounded to
    SIGNIFICANT digits) and GD Lab's look merged into its layout; in presenter mode, larger
    fonts (the look's too: tick labels, titles, legend), lines and height.
    """
    if presenter:
        spec = _for_presenter(spec)
    look, axis_look = (PRESENTER_LOOK, PRESENTER_AXIS_LOOK) if presenter else (LOOK, AXIS_LOOK)
    plain = _plain(spec)
    plain["layout"] = _merged(look, plain["layout"])
    for axis in _axes(plain):
        plain["layout"][axis] = _merged(
            {**axis_look[axis[0]], "automargin": presenter}, plain["layout"].get(axis, {})
        )
    return plain


def _axes(spec: dict) -> set[str]:
    """The layout keys of every 2-D axis a spec draws (``xaxis``, ``yaxis2``, ...).

    ``drawn`` sets their ``automargin`` off (GD Lab's margins fit its labels): with it on, the
    default of plotly_white and of Streamlit's theme, Plotly.js draws a chart, measures its tick
    labels and draws it again, which doubled a chart's first draw in Chromium (e.g. 209 -> 72 ms).
    Presenter mode keeps it on: its larger labels need the margins it makes.
    """
    axes = {key for key in spec["layout"] if re.fullmatch(r"[xy]axis\d*", key)}
    for trace in spec["data"]:
        if trace.get("type", "scatter") in _CARTESIAN:
            axes |= {f"{ref[0]}axis{ref[1:]}" for ref in (trace.get("xaxis", "x"), trace.get("yaxis", "y"))}
    return axes


# One element per chart, kept by its key from run to run (ui/chart.js): a changed figure is
# redrawn in place by Plotly.react; st.plotly_chart would unmount it and draw a new chart.
CHART_COMPONENT = "gd_lab_chart"
_CHART = st.components.v2.component(
    CHART_COMPONENT,
    js=PLOTLY_LOADER + (Path(__file__).parent / "chart.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)
CHART_KEY = "chart-{name}"  # a chart's widget key when ``show`` is given none


def show(fig: dict, name: str, key: str | None = None) -> None:
    """Draw the figure spec ``fig`` (scaled in presenter mode); its camera button saves ``gd-lab-<name>.png``.

    The chart keeps its place from run to run under ``key`` (default ``CHART_KEY``, so ``name``
    is unique on a page); plotly.js comes from ``static/`` (the app works offline).
    """
    if not isinstance(fig, dict) or "data" not in fig:
        raise TypeError(f"fig must be a figure spec from ui.figures.figure, got {type(fig).__name__}")
    _CHART(key=key or CHART_KEY.format(name=name), data=_sent(fig, name, presenter_mode()))


# The bytes last sent for a figure object, by (id, name, mode), most recent last: a figure a topic
# keeps in its cache (read only) comes back as the same object on a rerun, and is not rounded and
# encoded again. Each entry holds its figure, so no other figure can take its id while it is here.
_SENT: OrderedDict[tuple[int, str, bool], tuple[dict, bytes]] = OrderedDict()
_SENT_LOCK = threading.Lock()
SENT_KEPT = 128


def _sent(fig: dict, name: str, presenter: bool) -> bytes:
    """The JSON bytes ``show`` sends for ``fig``: ``drawn(fig)`` with its Plotly config."""
    index = (id(fig), name, presenter)
    with _SENT_LOCK:
        kept = _SENT.get(index)
        if kept is not None and kept[0] is fig:
            _SENT.move_to_end(index)
            return kept[1]
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"gd-lab-{name}", "scale": 2},
    }
    # JSON bytes: Streamlit forwards them as they are (a dict it would dump twice); orjson writes
    # NaN and infinities as null, a gap in a line, as plotly.py does.
    data = orjson.dumps({**drawn(fig, presenter=presenter), "config": config})
    with _SENT_LOCK:
        _SENT[index] = (fig, data)
        _SENT.move_to_end(index)
        while len(_SENT) > SENT_KEPT:
            _SENT.popitem(last=False)
    return data
