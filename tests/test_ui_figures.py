"""ui.figures' generic helpers: spaced step markers and drawn_once specs."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from ui.figures import LIGHT_TEMPLATE, drawn_once, light_layout, spaced


def test_spaced_keeps_the_ends_and_every_step_that_shows():
    points = np.array([[0.0, 0.0], [0.001, 0.0], [0.002, 0.0], [0.5, 0.0], [0.5, 0.001], [1.0, 1.0]])
    assert spaced(points, (1.0, 1.0)).tolist() == [0, 3, 5]
    assert spaced(points, (1.0, 1.0), gap=0.0).tolist() == [0, 1, 2, 3, 4, 5]
    # The gap is measured per axis in units of its span: a wide y axis hides small y moves.
    assert spaced(np.array([[0, 0], [0, 1], [0, 2.0]]), (1.0, 1000.0)).tolist() == [0, 2]
    assert spaced(np.zeros((1, 2)), (1.0, 1.0)).tolist() == [0]


def test_drawn_once_keeps_the_figure_and_drops_what_makes_plotly_redraw():
    x = np.linspace(0, 1, 50)
    y = np.exp(-3 * x) * 1e-7 + np.pi
    fig = go.Figure(
        [go.Scatter(x=x, y=y, name="a"), go.Contour(z=np.outer(x, x))], light_layout(x="step", y="loss")
    )
    fig.layout.template = LIGHT_TEMPLATE
    spec = json.loads(pio.to_json(drawn_once(fig), validate=False))
    assert "bdata" not in json.dumps(spec)
    assert "template" not in spec["layout"] and spec["layout"]["datarevision"] == 1
    # The template's look is in the layout itself, the figure's own settings win.
    assert spec["layout"]["plot_bgcolor"] == "white"
    assert spec["layout"]["xaxis"]["title"]["text"] == "step"
    assert spec["layout"]["xaxis"]["gridcolor"] == LIGHT_TEMPLATE.layout.xaxis.gridcolor
    # 6 significant digits, shapes kept.
    np.testing.assert_allclose(spec["data"][0]["y"], y, rtol=5e-6)
    assert spec["data"][0]["y"][1] != y[1]
    assert np.shape(spec["data"][1]["z"]) == (50, 50)


def test_drawn_once_leaves_non_finite_and_tiny_values_alone():
    values = np.array([0.0, np.nan, np.inf, -1e300, 5e-320, 123456789.0])
    spec = drawn_once(go.Figure(go.Scatter(y=values))).to_dict()
    shown = spec["data"][0]["y"]
    assert shown[0] == 0 and np.isnan(shown[1]) and shown[2] == np.inf and shown[3] == -1e300
    assert shown[4] == 5e-320 and shown[5] == 123457000.0
