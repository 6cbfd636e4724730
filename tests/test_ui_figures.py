"""The figure kit: specs built by ui.figures and ui.animation, and what show() sends."""

import json
import re
import tomllib
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ui.figures as figures_module
from ui.animation import MAX_FRAMES, animated, frame_steps
from ui.figures import (
    CHART_KEY,
    FONT_SIZE,
    LINE_WIDTH,
    PRESENTER_SCALE,
    SIGNIFICANT,
    _rounded,
    contour_with_paths,
    curve_with_steps,
    drawn,
    figure,
    line,
    lines,
    show,
    spaced,
    star,
    tint,
)


def test_spaced_keeps_the_ends_and_every_step_that_shows():
    points = np.array([[0.0, 0.0], [0.001, 0.0], [0.002, 0.0], [0.5, 0.0], [0.5, 0.001], [1.0, 1.0]])
    assert spaced(points, (1.0, 1.0)).tolist() == [0, 3, 5]
    assert spaced(points, (1.0, 1.0), gap=0.0).tolist() == [0, 1, 2, 3, 4, 5]
    # The gap is measured per axis in units of its span: a wide y axis hides small y moves.
    assert spaced(np.array([[0, 0], [0, 1], [0, 2.0]]), (1.0, 1000.0)).tolist() == [0, 2]
    assert spaced(np.zeros((1, 2)), (1.0, 1.0)).tolist() == [0]


def test_every_builder_gives_a_valid_plotly_figure():
    x = np.linspace(-1, 1, 11)
    z = np.add.outer(x**2, 3 * x**2)
    specs = [
        figure([line(x, x**2, "f"), star((0, 0))], title="t", x="w", y="loss", xaxis={"range": [-1, 1]}),
        lines({"a": (x, x), "b": (x, -x)}, log_y=True, markers=True),
        curve_with_steps(x, x**2, x[:3], x[:3] ** 2),
        contour_with_paths(x, x, z, {"path": np.c_[x, x]}, minimum=(0, 0)),
    ]
    for spec in specs:
        fig = go.Figure(spec)  # raises on any invalid property
        assert fig.data
    first = go.Figure(specs[0])
    assert first.layout.xaxis.title.text == "w" and list(first.layout.xaxis.range) == [-1, 1]
    assert first.layout.yaxis.title.text == "loss" and first.layout.title.text == "t"


def test_drawn_keeps_the_figure_and_drops_what_makes_plotly_redraw():
    x = np.linspace(0, 1, 50)
    y = np.exp(-3 * x) * 1e-7 + np.pi
    spec = drawn(figure([line(x, y, "a"), {"type": "contour", "z": np.outer(x, x)}], x="step", y="loss"))
    text = json.dumps(spec)  # plain JSON: no NumPy, no typed arrays
    assert "bdata" not in text
    # No template (compared by identity) and no fixed datarevision (Plotly.react would keep the old data).
    assert "template" not in spec["layout"] and "datarevision" not in spec["layout"]
    # plotly_white's look is written into the layout; the figure's own settings win.
    assert spec["layout"]["plot_bgcolor"] == "white"
    assert spec["layout"]["xaxis"]["title"]["text"] == "step"
    assert "gridcolor" in spec["layout"]["xaxis"]
    # 6 significant digits, shapes kept.
    np.testing.assert_allclose(spec["data"][0]["y"], y, rtol=5e-6)
    assert spec["data"][0]["y"][1] != y[1]
    assert np.shape(spec["data"][1]["z"]) == (50, 50)
    go.Figure(spec)


def test_drawn_turns_automargin_off_on_every_2d_axis_except_for_the_presenter():
    """Plotly.js draws a chart with automargin twice (it measures its labels in between); GD Lab's
    margins fit its labels, so every axis a trace uses, also one the layout does not name, has it off.
    Presenter mode's larger labels keep it on. An axis's own setting wins."""
    spec = figure(
        [line([0, 1], [0, 1]), {"type": "heatmap", "z": [[1]], "xaxis": "x2", "yaxis": "y3"},
         {"type": "surface", "z": [[1]]}],
        xaxis2={"domain": [0.5, 1]}, yaxis4={"automargin": True}, xaxis5={"title": {"text": "unused"}},
    )  # fmt: skip
    layout = drawn(spec)["layout"]
    axes = {key: axis["automargin"] for key, axis in layout.items() if "axis" in key and "automargin" in axis}
    assert axes == {"xaxis": False, "yaxis": False, "xaxis2": False, "yaxis3": False, "yaxis4": True,
                    "xaxis5": False}  # fmt: skip
    assert "scene" not in layout or "automargin" not in layout["scene"].get("xaxis", {})
    presenter = drawn(spec, presenter=True)["layout"]
    assert all(presenter[key]["automargin"] for key in axes)
    go.Figure(drawn(spec))


def test_drawn_leaves_non_finite_and_tiny_values_alone():
    values = np.array([0.0, np.nan, np.inf, -1e300, 5e-320, 123456789.0])
    shown = drawn(figure([line(np.arange(6), values)]))["data"][0]["y"]
    assert shown[0] == 0 and np.isnan(shown[1]) and shown[2] == np.inf and shown[3] == -1e300
    assert shown[4] == 5e-320 and shown[5] == 123457000.0


def test_presenter_mode_scales_fonts_lines_and_height_once_when_drawn():
    spec = figure([line([0, 1], [0, 1], "a"), star((0, 0))], height=400)
    big = drawn(spec, presenter=True)
    assert big["layout"]["font"]["size"] == round(FONT_SIZE * PRESENTER_SCALE)
    assert big["data"][0]["line"]["width"] == pytest.approx(LINE_WIDTH * PRESENTER_SCALE)
    assert big["layout"]["height"] > 400
    # The built spec is untouched (a cached figure serves both modes).
    assert spec["layout"]["font"]["size"] == FONT_SIZE and spec["data"][0]["line"]["width"] == LINE_WIDTH
    assert drawn(spec)["layout"]["height"] == 400


def font_sizes(layout: dict, path: str = "") -> dict[str, int]:
    """Every font size in a layout, by where it is (``xaxis.tickfont``, ``legend.font``, ...)."""
    sizes = {}
    for key, value in layout.items():
        if isinstance(value, dict):
            if key in ("font", "tickfont") and "size" in value:
                sizes[path + key] = value["size"]
            sizes |= font_sizes(value, f"{path}{key}.")
    return sizes


def test_presenter_mode_scales_the_tick_labels_titles_and_legend_too():
    spec = figure([line([0, 1], [0, 1], "a")], title="t", x="x", y="y")
    normal, big = font_sizes(drawn(spec)["layout"]), font_sizes(drawn(spec, presenter=True)["layout"])
    assert {
        "xaxis.tickfont",
        "yaxis.title.font",
        "legend.font",
        "title.font",
        "hoverlabel.font",
    } <= normal.keys()
    assert big == {where: round(size * PRESENTER_SCALE) for where, size in normal.items()}


def test_frame_steps_keep_both_ends_and_stay_within_the_limit():
    assert frame_steps(0).tolist() == [0]
    assert frame_steps(5).tolist() == [0, 1, 2, 3, 4, 5]
    many = frame_steps(1000)
    assert many[0] == 0 and many[-1] == 1000 and len(many) == MAX_FRAMES
    with pytest.raises(ValueError, match="last"):
        frame_steps(-1)


def test_animated_adds_frames_a_slider_and_play_pause():
    at = frame_steps(30, limit=4)
    frames = [{"name": str(k), "traces": [1], "data": [{"x": [k], "y": [k * k]}]} for k in at]
    spec = animated(figure([line(np.arange(31), np.arange(31) ** 2), line([0], [0])]), frames, prefix="k = ")
    fig = go.Figure(spec)
    assert [f.name for f in fig.frames] == ["0", "10", "20", "30"]
    assert [step.label for step in fig.layout.sliders[0].steps] == ["0", "10", "20", "30"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚ Pause"]
    scrubber = animated(figure([line([0], [0])]), frames, play=False)
    assert "updatemenus" not in scrubber["layout"] and go.Figure(scrubber).layout.sliders
    assert (
        spec["layout"]["updatemenus"][0]["buttons"][0]["args"][0] is None
    )  # plays on from the current frame


def test_replay_names_every_frame_so_play_at_the_last_frame_starts_again():
    """Issue 15: a slider that starts at the last frame; ▶ Play's arguments list every frame from the first."""
    frames = [{"name": str(k), "traces": [0], "data": [{"x": [k], "y": [k]}]} for k in range(5)]
    spec = animated(figure([line([4], [4])]), frames, active=4, replay=True)
    play, pause = spec["layout"]["updatemenus"][0]["buttons"]
    assert play["args"][0] == ["0", "1", "2", "3", "4"] and play["args"][1]["fromcurrent"]
    assert pause["args"][0] == [None] and spec["layout"]["sliders"][0]["active"] == 4
    go.Figure(spec)


def test_redraw_draws_each_frame_afresh_for_heat_maps():
    """Without redraw Plotly.js moves only scatter traces: a heat map in a frame vanishes."""
    frames = [{"name": str(k), "traces": [0], "data": [{"type": "heatmap", "z": [[k]]}]} for k in range(3)]
    fig = figure([{"type": "heatmap", "z": [[0]]}])
    for redraw in (False, True):
        spec = animated(fig, frames, redraw=redraw)
        steps = spec["layout"]["sliders"][0]["steps"]
        play, pause = spec["layout"]["updatemenus"][0]["buttons"]
        assert {step["args"][1]["frame"]["redraw"] for step in steps} == {redraw}
        assert play["args"][1]["frame"]["redraw"] is redraw and pause["args"][1]["frame"]["redraw"] is redraw


def test_a_diverging_curve_keeps_a_readable_log_axis():
    """Issue 16, item 2: a curve running to 1e300 and inf keeps a bounded log axis, at most about 8
    tick labels, no non-finite value sent to Plotly, and a marker where it leaves the chart."""
    from ui.figures import LOG_DECADES, bounded_log

    k = np.arange(12)
    with np.errstate(over="ignore"):
        diverging = 135.0 * 10.0 ** (k * 30.0)
    diverging[-1] = np.inf
    calm = 100.0 * 0.5**k
    traces, yaxis = bounded_log([line(k, diverging, "big"), line(k, calm, "calm")], x_name="k")
    low, high = yaxis["range"]
    assert yaxis["type"] == "log" and high - low <= LOG_DECADES
    assert high <= np.log10(135.0) + 4  # at most 3 decades above the starts (rounded up)
    assert (high - low) / yaxis.get("dtick", 1) <= 8
    spec = drawn(figure(traces, yaxis=yaxis))
    text = json.dumps(spec, allow_nan=False)  # raises on NaN or Infinity
    assert "NaN" not in text
    (edge,) = [t for t in traces if t["name"] == "big: leaves the chart"]
    assert edge["x"] == [1] and edge["y"] == [pytest.approx(10.0**high)]
    go.Figure(spec)
    # A converging curve alone: its own range, no marker.
    traces, yaxis = bounded_log([line(k, calm, "calm")])
    assert len(traces) == 1 and yaxis["range"][0] < np.log10(calm.min()) < yaxis["range"][1]


def _one_at_a_time(values: np.ndarray) -> np.ndarray:
    return np.array([float(format(v, f".{SIGNIFICANT}g")) for v in values.ravel().tolist()]).reshape(
        values.shape
    )


def _same_floats(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.array_equal(a, b) and np.array_equal(np.signbit(a), np.signbit(b))


@settings(max_examples=300)
@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(max_dims=2, max_side=40),
        elements=st.floats(allow_nan=False, allow_infinity=False),
    )
)
def test_drawn_numbers_are_each_floats_decimal_rounding(values):
    """The spec's numbers, rounded for the whole array at once, are exactly those of rounding each
    float through its decimal text (ties, zeros, huge and tiny numbers included)."""
    assert _same_floats(_rounded(values), _one_at_a_time(values))


def test_drawn_numbers_near_ties_and_at_the_range_ends():
    rng = np.random.default_rng(0)
    values = np.concatenate([
        np.round(rng.normal(size=20_000) * 1000, 3) + 0.0005,  # v 10^d near .5: ties decided one by one
        rng.normal(size=20_000) * 10.0 ** rng.integers(-20, 20, 20_000),  # both sides of 1e-15 and 1e15
        [0.0, -0.0, 9.9999995, 999999.5, 1234565.0, 0.1234565, 2.5, -2.5, 1e15, 1e-15, 5e-324, 1.7e308],
    ])  # fmt: skip
    assert _same_floats(_rounded(values), _one_at_a_time(values))
    assert _rounded(np.array([[1.23456789, 2.0]])) == [[1.23457, 2.0]]


def test_show_sends_the_drawn_figure_as_json_bytes(monkeypatch):
    """The chart element gets JSON bytes (NaN and infinities as null: a gap in the line, as
    plotly.py writes them) and keeps its place under a key made from the chart's name."""
    sent = []
    monkeypatch.setattr(figures_module, "_CHART", lambda **kwargs: sent.append(kwargs))
    spec = figure([line([0, 1, 2], [0.1, float("nan"), float("inf")], "a")], title="t")
    show(spec, "bowl")
    show(spec, "bowl", key="mine")
    assert [call["key"] for call in sent] == [CHART_KEY.format(name="bowl"), "mine"]
    assert isinstance(sent[0]["data"], bytes)
    got = json.loads(sent[0]["data"])
    assert got["data"][0]["y"] == [0.1, None, None]
    assert got["config"]["toImageButtonOptions"]["filename"] == "gd-lab-bowl"
    assert got["layout"] == drawn(spec)["layout"]


def test_show_encodes_a_figure_object_once_per_name_and_mode(monkeypatch):
    """A cached figure shown again on a rerun (the same object) is sent as the bytes encoded the
    first time; an equal but new figure, another name or presenter mode is encoded afresh; the
    memory of what was sent keeps at most SENT_KEPT figures."""
    encoded = []
    monkeypatch.setattr(figures_module, "_CHART", lambda **kwargs: None)
    monkeypatch.setattr(figures_module, "_SENT", figures_module.OrderedDict())
    real_drawn = figures_module.drawn
    monkeypatch.setattr(
        figures_module, "drawn", lambda spec, **kw: encoded.append(kw) or real_drawn(spec, **kw)
    )
    spec = figure([line([0, 1, 2], [0.5, 0.25, 0.125], "a")])
    first = figures_module._sent(spec, "bowl", False)
    assert figures_module._sent(spec, "bowl", False) is first and len(encoded) == 1
    twin = figure([line([0, 1, 2], [0.5, 0.25, 0.125], "a")])
    assert figures_module._sent(twin, "bowl", False) == first and len(encoded) == 2
    figures_module._sent(spec, "other", False)
    big = figures_module._sent(spec, "bowl", True)
    assert len(encoded) == 4 and json.loads(big)["layout"] == drawn(spec, presenter=True)["layout"]
    for _ in range(figures_module.SENT_KEPT + 5):
        figures_module._sent(figure([line([0, 1], [0.0, 1.0], "b")]), "many", False)
    assert len(figures_module._SENT) == figures_module.SENT_KEPT


def test_plotly_js_is_served_by_the_app_itself():
    """ui/plotly_loader.js loads plotly.js's 2-D and 3-D bundles from static/, which Streamlit
    serves: the app works offline."""
    root = Path(__file__).resolve().parents[1]
    loader = (root / "ui" / "plotly_loader.js").read_text(encoding="utf-8")
    assert "`./app/static/plotly-${bundle}.min.js`" in loader
    for bundle in ("cartesian", "gl3d"):
        assert f'load("{bundle}")' in loader
        header = (root / "static" / f"plotly-{bundle}.min.js").read_text(encoding="utf-8")[:60]
        assert re.match(rf"/\*\*\n\* plotly\.js \({bundle} - minified\) v\d+\.\d+\.\d+\n", header), header
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


def _pixels(uri: str) -> np.ndarray:
    """The RGB pixels of an 8-bit RGB PNG data URI (unfiltered rows), checking its chunks' CRCs."""
    import base64
    import struct
    import zlib

    png = base64.b64decode(uri.removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 2) and b"IEND" in chunks
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, 1 + 3 * width)
    assert not rows[:, 0].any()  # no row filter
    return rows[:, 1:].reshape(height, width, 3)


def test_tint_mixes_a_colour_with_white():
    """share 1 keeps the colour, 0 gives white; between, each channel moves towards 255."""
    assert tint("#0072B2", 1.0) == "#0072b2"
    assert tint("#0072B2", 0.0) == "#ffffff"
    assert tint("#0072B2", 0.5) == "#80b8d8"  # 255 - 0.5 (255 - c): 127.5 -> 128, 184.5 -> 184, 216.5 -> 216


def test_heat_image_colours_each_value_as_plotly_would():
    scale = [[0.0, "#ff0000"], [0.5, "#ffffff"], [1.0, "#0000ff"]]
    z = np.array([[0, 25, 50], [75, 100, 150]])  # rows from the bottom, as a heat map's
    pixels = _pixels(figures_module.heat_image(z, scale, zmin=0, zmax=100))
    assert pixels.shape == (2, 3, 3)
    # the PNG's top row is z's last; 150 is clipped to zmax
    np.testing.assert_array_equal(pixels[1], [[255, 0, 0], [255, 128, 128], [255, 255, 255]])
    np.testing.assert_array_equal(pixels[0], [[128, 128, 255], [0, 0, 255], [0, 0, 255]])
    with pytest.raises(ValueError, match="zmax"):
        figures_module.heat_image(z, scale, zmin=1, zmax=1)
    with pytest.raises(ValueError, match="z must be"):
        figures_module.heat_image([1, 2], scale, zmin=0, zmax=1)


def test_image_layer_fills_the_cells_a_heat_map_would():
    layer = figures_module.image_layer("data:image/png;base64,", [0.0, 1.0, 2.0], [10.0, 20.0], axes="2")
    assert figures_module.cells_range([0.0, 1.0, 2.0]) == [-0.5, 2.5]
    assert (layer["x"], layer["sizex"], layer["y"], layer["sizey"]) == (-0.5, 3.0, 25.0, 20.0)
    assert (layer["xref"], layer["yref"], layer["layer"]) == ("x2", "y2", "below")
