// The overview's charts: the last hour by minute from /console/overview/activity (the API's GET /api/v1/activity),
// drawn with uPlot, redrawn every minute and when the window's width changes.

const REFRESH_MS = 60_000;
const HEIGHT = 170;

// A series with at most this many values (the others null: minutes without an invocation) shows its points.
const SPARSE_VALUES = 12;

// uPlot joins values with lines and draws points only where they are far enough apart. A latency value whose
// minutes around it had no invocation joins nothing, so it would be drawn as nothing: a sparse series shows all its
// points, and a dense one still shows those values that have no neighbour.
function present(value) {
  return value !== null && value !== undefined;
}

function sparse(plot, seriesIndex) {
  return plot.data[seriesIndex].filter(present).length <= SPARSE_VALUES;
}

function isolated(plot, seriesIndex, shown) {
  if (shown) return null;
  const data = plot.data[seriesIndex];
  const alone = [];
  data.forEach((value, index) => {
    if (present(value) && !present(data[index - 1]) && !present(data[index + 1])) alone.push(index);
  });
  return alone.length > 0 ? alone : null;
}

function points(colour, size) {
  return { show: sparse, filter: isolated, size, fill: colour };
}

// p50 <= p99, and with one invocation they are equal: p99's dots are smaller, drawn on p50's, so both show.
const SERIES = {
  invocations: [{ label: "invocations", stroke: "#1f5fa8", fill: "#1f5fa822", width: 2, points: points("#1f5fa8", 7) }],
  errors: [{ label: "errors", stroke: "#b3261e", fill: "#b3261e22", width: 2, points: points("#b3261e", 7) }],
  denials: [{ label: "denials", stroke: "#8a5a00", fill: "#8a5a0022", width: 2, points: points("#8a5a00", 7) }],
  latency: [
    { label: "p50 ms", stroke: "#1f5fa8", width: 2, points: points("#1f5fa8", 11) },
    { label: "p99 ms", stroke: "#b3261e", width: 2, dash: [6, 4], points: points("#b3261e", 6) },
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
