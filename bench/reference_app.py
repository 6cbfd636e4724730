"""The browser benchmark's reference: a minimal Streamlit app, one slider and one small Plotly chart.

`bench/bench_browser.py` serves it with a second `streamlit run` (same Streamlit, same Chromium,
same run) and states every page's times as ratios to this app's. Keep it minimal: a title (the
bench waits for a page's h1, as on every GD Lab page), one slider, one line chart of 100 points.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("Reference")
a = st.slider("a", 0.0, 5.0, 1.0, 0.1)
x = np.linspace(0.0, 10.0, 100)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(a * x), mode="lines")))
