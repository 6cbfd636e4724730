// GD Lab's chart element (ui/figures.py, `show`). Streamlit mounts it once per chart key and
// calls this function again with each new figure: Plotly.react redraws what changed in the same
// <div>, where st.plotly_chart would unmount the chart and draw a new one from scratch.
// `data` is the figure as JSON bytes: {data, layout, frames, config}.
const PLOTLY = "./app/static/plotly.min.js"; // static/plotly.min.js, served by Streamlit

function plotly() {
  window.gdPlotly ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = PLOTLY;
    script.onload = () => resolve(window.Plotly);
    script.onerror = () => reject(new Error(`GD Lab could not load ${PLOTLY}`));
    document.head.appendChild(script);
  });
  return window.gdPlotly;
}

function same(a, b) {
  return a && b && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export default function ({ data, parentElement }) {
  let div = parentElement.querySelector(".gd-chart");
  if (!div) {
    div = document.createElement("div");
    div.className = "gd-chart";
    parentElement.appendChild(div);
  }
  // Streamlit hands over the figure again with every run that sends it, changed or not.
  if (!same(div.gdBytes, data)) {
    div.gdBytes = data;
    const figure = JSON.parse(new TextDecoder().decode(data));
    plotly().then((Plotly) => {
      if (div.gdBytes !== data) return; // a newer figure came while plotly.js loaded
      if (!div.gdResized) {
        // Follow the column's width (the sidebar opened or closed, the window resized), while the
        // chart is on the page and shown (a chart being removed or hidden has no width).
        div.gdResized = new ResizeObserver(() => {
          const width = div.clientWidth;
          if (div.isConnected && width > 0 && div._fullLayout && width !== div._fullLayout.width) {
            Plotly.Plots.resize(div);
          }
        });
        div.gdResized.observe(parentElement);
      }
      return Plotly.react(div, figure);
    });
  }
  // Called when the chart leaves the page (and, by Streamlit, when a newer figure overtook this
  // call while the module loaded: the chart then stays).
  return () => {
    if (div.isConnected) return;
    div.gdResized?.disconnect();
    window.Plotly?.purge(div);
  };
}
