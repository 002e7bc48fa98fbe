"""A Plotly chart that updates in place: ``chart(fig, key)``.

``st.plotly_chart`` derives its element's identity from the figure, so every
lever move unmounts the chart and the browser draws it anew (Plotly.newPlot,
~90 ms a chart in headless Chromium). This one is a keyed
``st.components.v2`` component: its identity is the key, so it stays mounted,
and its JavaScript gets the new figure as data and calls ``Plotly.react`` on
the same graph div (a few ms).

plotly.js is the plotly package's own bundle, never a CDN: copied at start-up
to ``static/`` next to app.py (git-ignored) and served by Streamlit's static
file serving (``server.enableStaticServing`` in .streamlit/config.toml) at
``/app/static/``; each browser window loads it once.

The chart follows the app's theme as ``st.plotly_chart`` does (its "streamlit"
theme): colours and fonts from the theme's CSS variables, a transparent
background, the figure's own settings first.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

#: The plotly.js bundle the plotly package ships, and where the app serves it.
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_NAME = "plotly.min.js"


def ensure_static_plotly(static_dir: Path = STATIC_DIR) -> Path:
    """Copy plotly.js to ``static_dir`` unless an identical copy is there; its path.

    Written to a temporary file and renamed, so a browser never gets half a file.
    """
    target = static_dir / STATIC_NAME
    if target.is_file() and filecmp.cmp(PLOTLY_JS, target, shallow=False):
        return target
    static_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=static_dir, prefix=".plotly-", suffix=".js")
    os.close(fd)
    try:
        shutil.copyfile(PLOTLY_JS, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return target


def plotly_src() -> str:
    """The address of the served plotly.js, under the server's base URL path; the
    plotly version in the query so a browser does not keep an older bundle."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    return f"{prefix}/app/static/{STATIC_NAME}?v={plotly.__version__}"


def figure_payload(fig: go.Figure) -> dict[str, Any]:
    """The figure as JSON-safe data for the browser: traces and layout.

    NumPy arrays stay Plotly's base64 typed arrays (``{"dtype", "bdata"}``), which
    plotly.js reads. The template is dropped: Streamlit's default one only
    carries placeholder colours its own chart element swaps for the theme's; the
    component applies the theme itself.
    """
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec.get("layout") or {}
    layout.pop("template", None)
    return {"data": spec.get("data") or [], "layout": layout}


_CSS = """
.planner-chart { width: 100%; min-width: 0; }
.planner-chart-error { color: var(--st-text-color); font-family: var(--st-font); }
"""

# Called on mount and again whenever the data (or the theme) changes: the graph
# div is created once and kept; later calls only Plotly.react it. The returned
# cleanup runs on unmount, and also for a call superseded while it started; so
# it tears down only once the graph has left the page.
_JS = """
// Streamlit's greys for chart text and grid lines on a light and a dark background.
const LIGHT = { tick: "#808495", grid: "#e6eaf1", legend: "#262730",
  modebar: "rgba(0,0,0,0.3)", modebarActive: "rgba(0,0,0,0.7)" };
const DARK = { tick: "#e6eaf1", grid: "#31333f", legend: "#fafafa",
  modebar: "rgba(255,255,255,0.3)", modebarActive: "rgba(255,255,255,0.7)" };

function loadPlotly(src) {
  if (!window.__plannerPlotly) {
    window.__plannerPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly)
        : reject(new Error("plotly.js loaded but window.Plotly is missing")));
      script.onerror = () => reject(new Error("could not load " + src));
      document.head.appendChild(script);
    });
    window.__plannerPlotly.catch(() => { window.__plannerPlotly = undefined; });
  }
  return window.__plannerPlotly;
}

function isLight(colour) {
  const m = /rgba?\\(([^)]+)\\)/.exec(colour || "");
  let rgb;
  if (m) rgb = m[1].split(",").slice(0, 3).map(Number);
  else if (/^#[0-9a-f]{6}$/i.test((colour || "").trim())) {
    const h = colour.trim();
    rgb = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  } else return true;
  return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 127.5;
}

function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

// ``over`` wins; objects merge key by key.
function merge(under, over) {
  const out = { ...under };
  for (const [k, v] of Object.entries(over || {})) {
    out[k] = isObject(v) && isObject(under[k]) ? merge(under[k], v) : v;
  }
  return out;
}

// What st.plotly_chart's "streamlit" theme sets, from the theme's CSS variables.
function themeLayout(el) {
  const css = getComputedStyle(el);
  const v = (name, dflt) => css.getPropertyValue(name).trim() || dflt;
  const text = v("--st-text-color", "#31333f");
  const bg = v("--st-background-color", "#ffffff");
  const g = isLight(bg) ? LIGHT : DARK;
  const font = v("--st-font", "sans-serif");
  const colorway = v("--st-chart-categorical-colors", "").split(",").map((c) => c.trim())
    .filter(Boolean);
  const axisTitle = { font: { color: g.tick, size: 14 } };
  const axis = {
    zerolinecolor: g.grid, gridcolor: g.grid, tickcolor: g.grid,
    tickfont: { color: g.tick, size: 12 }, automargin: true,
  };
  return {
    ...(colorway.length ? { colorway } : {}),
    font: { color: g.tick, family: font, size: 12 },
    title: { font: { family: v("--st-heading-font", font), size: 16,
      color: v("--st-heading-color", text) }, pad: { l: 4 } },
    legend: { font: { size: 12, color: g.legend }, title: { font: { size: 12, color: g.tick } },
      bordercolor: "rgba(0,0,0,0)", borderwidth: 0, valign: "top" },
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    xaxis: { ...axis, showgrid: false, zeroline: false, title: { ...axisTitle, standoff: 20 } },
    yaxis: { ...axis, ticklabelposition: "outside", title: { ...axisTitle, standoff: 24 } },
    margin: { pad: 0.5, r: 0, l: 0 },
    modebar: { bgcolor: "rgba(0,0,0,0)", color: g.modebar, activecolor: g.modebarActive },
    hoverlabel: { bgcolor: bg, bordercolor: v("--st-border-color", g.grid),
      font: { color: g.tick, family: font, size: 12 } },
  };
}

function axesOf(layout) {
  return Object.keys(layout).filter((k) => /^[xy]axis\\d*$/.test(k));
}

export default function ({ parentElement, data }) {
  const graph = parentElement.querySelector(".planner-chart");
  if (!graph || !data || !data.figure) return;
  const fig = data.figure;
  const state = (graph.__planner ??= { seq: 0 });
  const seq = ++state.seq;
  const height = fig.layout && fig.layout.height;
  if (height && !graph.classList.contains("js-plotly-plot")) graph.style.minHeight = height + "px";

  loadPlotly(data.src).then((Plotly) => {
    if (seq !== state.seq || !graph.isConnected) return;  // a newer figure is on its way
    const theme = themeLayout(parentElement);
    // The theme's axis defaults go to every axis the figure has (xaxis2, ...).
    for (const k of axesOf(fig.layout || {})) {
      if (!theme[k]) theme[k] = theme[k.charAt(0) + "axis"];
    }
    const layout = merge(theme, fig.layout || {});
    // Titles in bold, as st.plotly_chart draws them.
    if (layout.title && typeof layout.title.text === "string" && layout.title.text
        && !layout.title.text.startsWith("<b>")) {
      layout.title = { ...layout.title, text: "<b>" + layout.title.text + "</b>" };
    }
    delete layout.width;
    layout.autosize = true;
    if (layout.uirevision === undefined) {
      // Zoom and legend clicks survive a lever move, not a change of chart.
      const t = layout.title;
      layout.uirevision = (t && (t.text ?? t)) || "chart";
    }
    // The modebar st.plotly_chart shows: no logo, no cloud, no lasso or box select.
    const config = {
      displaylogo: false, showSendToCloud: false, responsive: false,
      modeBarButtonsToRemove: ["lasso2d", "select2d", "sendChartToCloud"],
      ...(data.config || {}),
    };
    Plotly.react(graph, fig.data || [], layout, config);
    graph.style.minHeight = "";
    if (!state.observer) {
      let width = graph.clientWidth;
      state.observer = new ResizeObserver(() => {
        const w = graph.clientWidth;
        if (w && w !== width && graph.isConnected) {
          width = w;
          Plotly.Plots.resize(graph);
        }
      });
      state.observer.observe(graph);
    }
  }).catch((err) => {
    graph.textContent = "";
    const p = document.createElement("p");
    p.className = "planner-chart-error";
    p.textContent = "The chart could not be drawn: " + err.message;
    graph.appendChild(p);
  });

  return () => {
    setTimeout(() => {
      if (graph.isConnected) return;
      if (state.observer) state.observer.disconnect();
      if (window.Plotly) window.Plotly.purge(graph);
    }, 0);
  };
}
"""

_component = st.components.v2.component(
    "planner_plotly_chart",
    html='<div class="planner-chart"></div>',
    css=_CSS,
    js=_JS,
    # In the page's own DOM: Plotly's injected styles (modebar, hover) apply.
    isolate_styles=False,
)

try:
    ensure_static_plotly()
    _STATIC_READY = True
except OSError:
    # A read-only install cannot hold the copy: charts fall back to st.plotly_chart
    # (redrawn on every run, slower, but drawn).
    _STATIC_READY = False


def chart(fig: go.Figure, key: str) -> None:
    """Draw ``fig`` full width; the same ``key`` on the next run updates it in place."""
    if not _STATIC_READY:
        st.plotly_chart(fig, key=key)
        return
    _component(
        key=key,
        data={"figure": figure_payload(fig), "src": plotly_src()},
        width="stretch",
    )
