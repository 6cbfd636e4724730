// GD Lab's chart element (ui/figures.py, `show`). Streamlit mounts it once per chart key and
// calls this function again with each new figure: Plotly.react redraws what changed in the same
// <div>, where st.plotly_chart would unmount the chart and draw a new one from scratch.
// `data` is the figure as JSON bytes: {data, layout, frames, config}. ui/plotly_loader.js comes
// first in this module (ui/figures.py): window.gdPlotly(threeD) is the promise of plotly.js.
const GL3D = new Set(["scatter3d", "surface", "mesh3d", "isosurface", "volume", "cone", "streamtube"]);

// A full-screen button in each chart's mode bar (as Streamlit's chart toolbar had), for the
// projector: the chart fills the screen until Esc. The icon is Material Symbols' "fullscreen".
const FULL_SCREEN = {
  name: "full-screen",
  title: "Full screen",
  icon: { width: 24, height: 24, path: "M5 19v-5h2v3h3v2H5zm0-9V5h5v2H7v3H5zm9 9v-2h3v-3h2v5h-5zm3-9V7h-3V5h5v5h-2z" },
  click: (div) => (document.fullscreenElement ? document.exitFullscreen() : div.requestFullscreen()),
};

// The size of the chart in `div`: the screen's in full screen, else its figure's height and the
// column's width (null: Plotly's default).
function size(div) {
  const screen = document.fullscreenElement === div;
  return screen ? { width: window.innerWidth, height: window.innerHeight } : { width: null, height: div.gdHeight };
}

function same(a, b) {
  return a && b && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

// A chart is drawn once it comes within a screen of what the page shows: a long page's first load
// and a nudge draw the charts one can see (and the next screen's), and the others, marked
// `data-waiting`, keep their newest figure (`div.gdWaiting`) until they are scrolled near, their
// expander is opened or the page is printed.
const NEAR = "100% 0px"; // a screen above and below the visible part of the page
const watchers = new Map(); // one IntersectionObserver per scrolling container

function scroller(element) {
  for (let e = element.parentElement; e; e = e.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(e).overflowY)) return e;
  }
  return null; // the window
}

function watch(div) {
  const root = scroller(div);
  if (!watchers.has(root)) {
    const near = (entries) =>
      entries.forEach(({ target, isIntersecting }) => {
        target.gdNear = isIntersecting;
        if (isIntersecting) draw(target);
        else if (target.gdWaiting) target.dataset.waiting = "";
      });
    watchers.set(root, new IntersectionObserver(near, { root, rootMargin: NEAR }));
  }
  watchers.get(root).observe(div);
  return () => watchers.get(root).unobserve(div);
}

window.addEventListener("beforeprint", () => document.querySelectorAll(".gd-chart").forEach(draw));

// Draw the figure `div` is waiting with, if any.
function draw(div) {
  const figure = div.gdWaiting;
  if (!figure) return;
  div.gdWaiting = null;
  delete div.dataset.waiting;
  const data = div.gdBytes;
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
      div.gdResized.observe(div.parentElement);
    }
    div.gdHeight = figure.layout.height;
    Object.assign(figure.layout, size(div));
    figure.config = { ...figure.config, modeBarButtonsToAdd: [FULL_SCREEN] };
    return Plotly.react(div, figure);
  });
}

export default function ({ data, parentElement }) {
  let div = parentElement.querySelector(".gd-chart");
  if (!div) {
    div = document.createElement("div");
    div.className = "gd-chart";
    div.addEventListener("fullscreenchange", () => div._fullLayout && div.gdPlotly.relayout(div, size(div)));
    parentElement.appendChild(div);
    div.gdUnwatch = watch(div);
  }
  // Streamlit hands over the figure again with every run that sends it, changed or not.
  if (!same(div.gdBytes, data)) {
    div.gdBytes = data;
    div.gdWaiting = JSON.parse(new TextDecoder().decode(data));
    div.style.minHeight = `${div.gdWaiting.layout.height ?? 450}px`; // its place, drawn or not
    if (div.gdNear) draw(div);
    else if (div.gdNear === false) div.dataset.waiting = "";
  }
  // Called when the chart leaves the page (and, by Streamlit, when a newer figure overtook this
  // call while the module loaded: the chart then stays).
  return () => {
    if (div.isConnected) return;
    div.gdUnwatch();
    div.gdResized?.disconnect();
    div.gdPlotly?.purge(div);
  };
}
