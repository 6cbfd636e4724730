// GD Lab's chart element (ui/figures.py, `show`). Streamlit mounts it once per chart key and
// calls this function again with each new figure: Plotly.react redraws what changed in the same
// <div>, where st.plotly_chart would unmount the chart and draw a new one from scratch.
// `data` is the figure as JSON bytes: {data, layout, frames, config}. ui/plotly_loader.js comes
// first in this module (ui/figures.py): window.gdPlotly(threeD) is the promise of plotly.js.
const GL3D = new Set(["scatter3d", "surface", "mesh3d", "isosurface", "volume", "cone", "streamtube"]);

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
    const threeD = figure.data.some((trace) => GL3D.has(trace.type));
    window.gdPlotly(threeD).then((Plotly) => {
      if (div.gdBytes !== data) return; // a newer figure came while plotly.js loaded
      if (div.gdPlotly && div.gdPlotly !== Plotly) div.gdPlotly.purge(div); // drawn by the other bundle
      div.gdPlotly = Plotly;
      if (!div.gdResized) {
        // Follow the column's width (the sidebar opened or closed, the window resized), while the
        // chart is on the page and shown (a chart being removed or hidden has no width).
        div.gdResized = new ResizeObserver(() => {
          const width = div.clientWidth;
          if (div.isConnected && width > 0 && div._fullLayout && width !== div._fullLayout.width) {
            div.gdPlotly.Plots.resize(div);
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
    div.gdPlotly?.purge(div);
  };
}
