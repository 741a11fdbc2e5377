// The overview's charts: the last hour by minute from /console/overview/activity (the API's GET /api/v1/activity),
// drawn with uPlot, redrawn every minute and when the window's width changes.

const REFRESH_MS = 60_000;
const HEIGHT = 170;

const SERIES = {
  invocations: [{ label: "invocations", stroke: "#1f5fa8", fill: "#1f5fa822", width: 2 }],
  errors: [{ label: "errors", stroke: "#b3261e", fill: "#b3261e22", width: 2 }],
  denials: [{ label: "denials", stroke: "#8a5a00", fill: "#8a5a0022", width: 2 }],
  latency: [
    { label: "p50 ms", stroke: "#1f5fa8", width: 2 },
    { label: "p99 ms", stroke: "#b3261e", width: 2, dash: [6, 4] },
  ],
};

function values(buckets, series) {
  const x = buckets.map((bucket) => Date.parse(bucket.start) / 1000);
  if (series === "latency") {
    return [x, buckets.map((bucket) => bucket.latencyP50Ms), buckets.map((bucket) => bucket.latencyP99Ms)];
  }
  return [x, buckets.map((bucket) => bucket[series])];
}

const plots = new Map();

function draw(activity) {
  document.querySelectorAll("#charts .plot").forEach((element) => {
    const series = element.dataset.series;
    const data = values(activity.buckets, series);
    const existing = plots.get(element);
    if (existing) {
      existing.setData(data);
      return;
    }
    const options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      series: [{ label: "time" }, ...SERIES[series]],
      scales: { y: { range: (plot, min, max) => [0, Math.max(max || 0, series === "latency" ? 1 : 4)] } },
      axes: [{}, { size: 50 }],
    };
    plots.set(element, new uPlot(options, data, element));
  });
}

async function load() {
  const charts = document.getElementById("charts");
  const state = document.getElementById("charts-state");
  try {
    const response = await fetch(charts.dataset.activity, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      state.textContent = `Could not load the charts (HTTP ${response.status}).`;
      return;
    }
    const activity = await response.json();
    draw(activity);
    charts.dataset.buckets = String(activity.buckets.length);
    state.textContent = `${activity.buckets.length} minute(s), updated ${new Date().toLocaleTimeString()}.`;
  } catch (failure) {
    state.textContent = "Could not load the charts: the server did not answer.";
  }
}

if (document.getElementById("charts")) {
  load();
  setInterval(load, REFRESH_MS);
  window.addEventListener("resize", () => {
    plots.forEach((plot, element) => plot.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }));
  });
}
