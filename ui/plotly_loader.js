// plotly.js for GD Lab's charts, served by the app from static/ (it works offline) and loaded once
// per browser tab, in two of plotly.js's own bundles: "cartesian" (2-D charts: scatter, bar,
// heatmap, contour, ...; 1.5 MB) as each page starts (ui/page.py runs this file), and "gl3d"
// (3-D charts, 1.8 MB) only when a 3-D chart is drawn, instead of the full bundle (4.8 MB): a
// third of the bytes over a lecture theatre's Wi-Fi and of the server's CPU to gzip them
// (docs/deploy.md), and a page's first load in 0.81-0.88x of its time (side by side:
// bench/ab_browser.py).
// window.gdPlotly(threeD) is the promise of the bundle a chart needs (ui/chart.js).
window.gdPlotly ??= (() => {
  const load = (bundle) =>
    new Promise((resolve, reject) => {
      const src = `./app/static/plotly-${bundle}.min.js`;
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly); // the bundle has just set it
      script.onerror = () => reject(new Error(`GD Lab could not load ${src}`));
      document.head.appendChild(script);
    });
  const flat = load("cartesian");
  let solid;
  return (threeD = false) => {
    if (!threeD) return flat;
    // After the 2-D bundle (each sets window.Plotly as it runs), which then stays window.Plotly.
    solid ??= flat
      .catch(() => undefined)
      .then(async (Plotly) => {
        const Plotly3d = await load("gl3d");
        if (Plotly) window.Plotly = Plotly;
        return Plotly3d;
      });
    return solid;
  };
})();
