// The AutoIndex dashboard (/app): the index against the S&P 500, the allocation, risk, simulation,
// the caller's portfolios and, for admins, the configuration and the audit trail. Plain JavaScript
// with no dependency and no build step; every figure comes from the documented REST API, and new
// events arrive through GET /api/v1/stream (read with fetch, since EventSource cannot send the
// Authorization header). Text from the server is only ever inserted as text, never as HTML.
"use strict";

const state = {
  token: sessionStorage.getItem("autoindex.token"),
  user: null,
  lastDate: null,
  range: { years: 5, start: null, end: null },
  portfolio: null,
  symbols: [],
  config: null,
  lastPosition: null,
  stream: null,
  streamOpened: false,
  pending: new Map(),
};

const $ = (id) => document.getElementById(id);

// MARK: - The API

class ApiError extends Error {
  constructor(status, type, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.type = type;
  }
}

/** Calls the API and answers the decoded JSON; an error answer throws ApiError with its detail. */
async function api(path, { method = "GET", body, auth = true } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && state.token) headers.Authorization = `Bearer ${state.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    if (response.status === 401 && auth && state.token) signOut("Your session has ended: sign in again.");
    throw new ApiError(response.status, data && data.type, (data && data.detail) || response.statusText);
  }
  return data;
}

/** A query string from the defined entries of `params`. */
function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** `min_position` for reads that follow an event, so the read model has applied it. */
function fresh() { return state.lastPosition === null ? {} : { min_position: state.lastPosition }; }

// MARK: - Formatting and elements

const percent = (x, digits = 2) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(digits)}\u00a0%`);
const number = (x, digits = 2) =>
  x === null || x === undefined ? "–" : Number(x).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const money = (x, currency = "USD") =>
  x === null || x === undefined ? "–" : Number(x).toLocaleString("en-US", { style: "currency", currency });
const signClass = (x) => (x > 0 ? "up" : x < 0 ? "down" : "");

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "className") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const cell = (text, className) => el("td", { className }, text);
const numberCell = (text, value) => el("td", { className: `num ${value === undefined ? "" : signClass(value)}` }, text);

/** Replaces a table's body rows. */
function fillTable(table, rows) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    const columns = table.tHead && table.tHead.rows[0] ? table.tHead.rows[0].cells.length : 1;
    body.append(el("tr", {}, el("td", { colspan: columns, className: "summary" }, "Nothing yet.")));
  }
}

function showError(id, error) { $(id).textContent = error ? error.message || String(error) : ""; }

/** Runs `work` with `button` disabled and a busy label, and shows an error in `errorId`. */
async function busy(button, label, errorId, work) {
  const text = button.textContent;
  button.disabled = true;
  button.textContent = label;
  if (errorId) showError(errorId, null);
  try { await work(); } catch (error) { if (errorId) showError(errorId, error); else throw error; } finally {
    button.disabled = false;
    button.textContent = text;
  }
}

// MARK: - Charts (hand-drawn SVG)

const SVG = "http://www.w3.org/2000/svg";
function svgEl(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Round tick values between `min` and `max`. */
function ticks(min, max, count) {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || raw;
  const values = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

/** Ticks at 1, 2 and 5 times the powers of ten between `min` and `max` (all of them when few). */
function logTicks(min, max) {
  const values = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e += 1) {
    for (const m of [1, 2, 5]) {
      const value = m * 10 ** e;
      if (value >= min && value <= max) values.push({ value, m });
    }
  }
  return (values.length > 8 ? values.filter((v) => v.m === 1) : values).map((v) => v.value);
}

/**
 * Draws line series ({name, points: [{date, value}], tone: the colour, by default the series' index}) into an svg with a viewBox, with axes, grid
 * lines, a legend and a text description of each series for screen readers. Long series are thinned
 * to about 700 points per line (the last point always kept).
 */
function drawChart(svg, series, { format = (v) => number(v, 0), describe = (v) => number(v, 2), log = false } = {}) {
  for (const node of [...svg.childNodes]) if (node.nodeName !== "title" && node.nodeName !== "desc") node.remove();
  const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
  const pad = { left: 64, right: 16, top: 28, bottom: 26 };
  const drawn = series.filter((s) => s.points.length > 0);
  const desc = svg.querySelector("desc");
  svg.dataset.points = String(drawn.reduce((sum, s) => sum + s.points.length, 0));
  if (drawn.length === 0) {
    desc.textContent = "No data in this range.";
    svg.append(svgEl("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "No data in this range"));
    return;
  }
  const times = drawn.flatMap((s) => [Date.parse(s.points[0].date), Date.parse(s.points[s.points.length - 1].date)]);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  // On a logarithmic scale the axis is log10 of the values (all positive, or it falls back to linear).
  const scaled = log && drawn.every((s) => s.points.every((p) => p.value > 0));
  const level = scaled ? Math.log10 : (v) => v;
  let low = Infinity;
  let high = -Infinity;
  for (const s of drawn) for (const p of s.points) { low = Math.min(low, level(p.value)); high = Math.max(high, level(p.value)); }
  // At least 2 % of the level tall, so a nearly flat series is drawn flat rather than magnified.
  const span = Math.max(high - low, Math.abs(high) * 0.02, 1e-9);
  const middle = (high + low) / 2;
  low = middle - span * 0.55;
  high = middle + span * 0.55;
  const x = (t) => pad.left + ((t - t0) / (t1 - t0 || 1)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - ((level(v) - low) / (high - low)) * (height - pad.top - pad.bottom);

  const tickValues = scaled
    ? logTicks(10 ** low, 10 ** high)
    : ticks(low, high, 5).filter((value) => value >= low && value <= high);
  for (const value of tickValues) {
    svg.append(svgEl("line", { class: "grid-line", x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value) }));
    svg.append(svgEl("text", { x: pad.left - 6, y: y(value) + 4, "text-anchor": "end" }, format(value)));
  }
  const years = (t1 - t0) / (365.25 * 864e5);
  let previous = null;
  for (let i = 0; i <= 5; i += 1) {
    const t = t0 + ((t1 - t0) * i) / 5;
    const label = new Date(t).toISOString().slice(0, years > 4 ? 4 : years > 0.25 ? 7 : 10);
    if (label === previous && i < 5) continue;
    previous = label;
    svg.append(svgEl("text", { x: x(t), y: height - 8, "text-anchor": i === 0 ? "start" : i === 5 ? "end" : "middle" }, label));
  }
  svg.append(svgEl("line", { class: "axis", x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom }));
  svg.append(svgEl("line", { class: "axis", x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom }));

  const descriptions = [];
  drawn.forEach((s, index) => {
    const step = Math.max(1, Math.ceil(s.points.length / 700));
    const kept = s.points.filter((_, i) => i % step === 0 || i === s.points.length - 1);
    const path = kept.map((p, i) => `${i ? "L" : "M"}${x(Date.parse(p.date)).toFixed(1)},${y(p.value).toFixed(1)}`).join("");
    const tone = s.tone ?? index;
    svg.append(svgEl("path", { class: `line series-${tone}`, d: path, "data-series": s.name }));
    const legendX = pad.left + 8 + index * 190;
    svg.append(svgEl("rect", { class: `swatch-${tone}`, x: legendX, y: 8, width: 14, height: 4 }));
    svg.append(svgEl("text", { x: legendX + 20, y: 14 }, s.name));
    const first = s.points[0];
    const last = s.points[s.points.length - 1];
    descriptions.push(`${s.name}: ${describe(first.value)} on ${first.date}, ${describe(last.value)} on ${last.date}`);
  });
  desc.textContent = `${descriptions.join("; ")}.`;
}

// MARK: - Sign-in

function signOut(message) {
  state.token = null;
  state.user = null;
  state.lastPosition = null;
  state.streamOpened = false;
  sessionStorage.removeItem("autoindex.token");
  if (state.stream) state.stream.abort();
  state.stream = null;
  $("dashboard").hidden = true;
  $("session").hidden = true;
  $("login").hidden = false;
  setLive("Not signed in", null);
  showError("login-error", message ? new Error(message) : null);
  $("login-email").focus();
}

async function signIn(path) {
  const body = { email: $("login-email").value.trim(), password: $("login-password").value };
  if (!body.email || !body.password) throw new Error("Enter your email and password.");
  const answer = await api(`/api/v1/auth/${path}`, { method: "POST", body, auth: false });
  state.token = answer.access_token;
  sessionStorage.setItem("autoindex.token", state.token);
  $("login-password").value = "";
  await start();
}

async function start() {
  state.user = await api("/api/v1/auth/me");
  $("session-user").textContent = `${state.user.email} (${state.user.role})`;
  $("session").hidden = false;
  $("login").hidden = true;
  $("dashboard").hidden = false;
  const admin = state.user.role === "admin";
  $("admin-section").hidden = !admin;
  $("admin-link").hidden = !admin;
  $("main").focus();
  follow();
}

// MARK: - Sections

async function loadCurrent() {
  const current = await api(`/api/v1/index/current${query(fresh())}`);
  state.lastDate = current.date;
  const allocations = current.allocations || [];
  state.symbols = allocations.map((a) => a.symbol).sort();
  $("allocation-date").textContent = `${allocations.length} assets on ${current.date}.`;
  fillTable($("allocation-table"), allocations.map((a) => el("tr", { "data-symbol": a.symbol },
    el("th", { scope: "row" }, a.symbol), cell(a.name || ""), cell(a.sector || ""),
    numberCell(percent(a.weight)), numberCell(percent(a.daily_return), a.daily_return),
    numberCell(percent(a.ytd_return), a.ytd_return))));
  const sectors = new Map();
  for (const a of allocations) {
    const name = a.sector || "Unclassified";
    const s = sectors.get(name) || { weight: 0, daily: 0, ytd: 0 };
    s.weight += a.weight;
    s.daily += a.weight * (a.daily_return || 0);
    s.ytd += a.weight * (a.ytd_return || 0);
    sectors.set(name, s);
  }
  const bySector = [...sectors.entries()].sort((a, b) => b[1].weight - a[1].weight);
  fillTable($("sector-table"), bySector.map(([name, s]) => {
    const daily = s.weight ? s.daily / s.weight : 0;
    const ytd = s.weight ? s.ytd / s.weight : 0;
    return el("tr", {}, el("th", { scope: "row" }, name), numberCell(percent(s.weight)),
      numberCell(percent(daily), daily), numberCell(percent(ytd), ytd));
  }));
  fillOrderSymbols();
}

/** The range's start date: `years` before the last index date, or the chosen dates. */
function rangeDates() {
  const { years, start, end } = state.range;
  if (years === null) return { start_date: start, end_date: end };
  if (!years || !state.lastDate) return {};
  const last = new Date(`${state.lastDate}T00:00:00Z`);
  last.setUTCFullYear(last.getUTCFullYear() - years);
  return { start_date: last.toISOString().slice(0, 10) };
}

async function loadIndex() {
  if (!state.lastDate) await loadCurrent();
  const dates = rangeDates();
  const [history, benchmark, compare] = await Promise.all([
    api(`/api/v1/index/history${query({ ...dates, ...fresh() })}`),
    api(`/api/v1/benchmark/sp500${query({ ...dates, ...fresh() })}`),
    api(`/api/v1/benchmark/compare${query({ ...dates, ...fresh() })}`),
  ]);
  // Both rebased to 100 on the first day that has both.
  const sp500 = new Map(benchmark.series.map((p) => [p.date, p.value]));
  const first = history.series.find((p) => sp500.has(p.date));
  let indexSeries = [];
  let benchmarkSeries = [];
  if (first) {
    const index0 = first.value;
    const sp0 = sp500.get(first.date);
    indexSeries = history.series.filter((p) => p.date >= first.date).map((p) => ({ date: p.date, value: (p.value / index0) * 100 }));
    benchmarkSeries = benchmark.series.filter((p) => p.date >= first.date).map((p) => ({ date: p.date, value: (p.value / sp0) * 100 }));
  }
  drawChart($("index-chart"), [{ name: "AutoIndex", points: indexSeries }, { name: "S&P 500", points: benchmarkSeries }],
    { log: $("log-scale").checked });
  $("index-summary").textContent = first
    ? `From ${first.date} to ${history.end_date}, both rebased to 100: AutoIndex ${number(indexSeries.at(-1).value)}, S&P 500 ${number(benchmarkSeries.at(-1).value)}.`
    : "No index values in this range.";
  const rows = [
    ["Total return", "total_return", percent],
    ["Annualized return", "annualized_return", percent],
    ["Volatility (annualized)", "volatility", percent],
    ["Sharpe ratio", "sharpe_ratio", (v) => number(v, 2)],
    ["Maximum drawdown", "max_drawdown", percent],
  ];
  fillTable($("comparison-table"), rows.map(([label, key, format]) => el("tr", {},
    el("th", { scope: "row" }, label),
    numberCell(format(compare.autoindex[key]), key.includes("return") ? compare.autoindex[key] : undefined),
    numberCell(format(compare.sp500[key]), key.includes("return") ? compare.sp500[key] : undefined))));
  const o = compare.outperformance || {};
  $("outperformance").textContent = `Outperformance ${percent(o.total)} in total, ${percent(o.annualized)} a year; beta ${number(o.beta)}, correlation ${number(o.correlation)}, tracking error ${percent(o.tracking_error)}, information ratio ${number(o.information_ratio)}.`;
}

const riskRows = [
  ["Period", (m) => `${m.start_date} – ${m.end_date}`],
  ["Annualized return (CAGR)", (m) => percent(m.cagr)],
  ["Total return", (m) => percent(m.total_return)],
  ["Volatility (annualized)", (m) => percent(m.annual_volatility)],
  ["Sharpe ratio", (m) => number(m.sharpe_ratio)],
  ["Sortino ratio", (m) => number(m.sortino_ratio)],
  ["Calmar ratio", (m) => number(m.calmar_ratio)],
  ["Maximum drawdown", (m) => percent(m.max_drawdown)],
  ["Current drawdown", (m) => percent(m.current_drawdown)],
  ["Daily value at risk (95 %)", (m) => percent(m.var_95)],
  ["Conditional VaR (95 %)", (m) => percent(m.cvar_95)],
  ["Downside risk", (m) => percent(m.downside_risk)],
  ["Alpha against the S&P 500", (m) => percent(m.benchmark && m.benchmark.alpha)],
  ["Beta", (m) => number(m.benchmark && m.benchmark.beta)],
  ["Correlation", (m) => number(m.benchmark && m.benchmark.correlation)],
  ["Tracking error", (m) => percent(m.benchmark && m.benchmark.tracking_error)],
  ["Information ratio", (m) => number(m.benchmark && m.benchmark.information_ratio)],
];

async function loadRisk() {
  const answer = await api(`/api/v1/strategy/risk-metrics${query(fresh())}`);
  const periods = answer.periods || [];
  const table = $("risk-table");
  table.tHead.replaceChildren(el("tr", {}, el("th", { scope: "col" }, "Metric"),
    periods.map((p) => el("th", { scope: "col", className: "num" }, p.period === "all" ? "All" : p.period))));
  fillTable(table, riskRows.map(([label, value]) => el("tr", {}, el("th", { scope: "row" }, label),
    periods.map((p) => numberCell(p.metrics ? value(p.metrics) : "–")))));
}

async function loadCurrencies() {
  const currencies = await api("/api/v1/index/currencies");
  const select = $("sim-currency");
  const codes = Object.keys(currencies).sort();
  select.replaceChildren(...codes.map((code) => el("option", { value: code, selected: code === "USD" }, `${code} – ${currencies[code]}`)));
}

async function simulate() {
  const currency = $("sim-currency").value || "USD";
  const body = { amount: Number($("sim-amount").value), start_date: $("sim-start").value, currency };
  if ($("sim-end").value) body.end_date = $("sim-end").value;
  if ($("sim-monthly").value) body.monthly_contribution = Number($("sim-monthly").value);
  const answer = await api("/api/v1/index/simulate", { method: "POST", body });
  $("simulation-summary").textContent = `${money(answer.total_invested, currency)} invested from ${answer.start_date} to ${answer.end_date} became ${money(answer.amount_final, currency)}: a profit of ${money(answer.profit, currency)} (${number(answer.roi_pct)} %).`;
  const points = answer.points || [];
  drawChart($("simulation-chart"), [
    { name: `Value (${currency})`, points: points.map((p) => ({ date: p.date, value: p.value })) },
    { name: `Invested (${currency})`, tone: 2, points: points.map((p) => ({ date: p.date, value: p.invested })) },
  ], { format: (v) => number(v, 0), describe: (v) => money(v, currency) });
}

// MARK: - Portfolios

async function loadPortfolios() {
  const answer = await api(`/api/v1/portfolios${query(fresh())}`);
  const list = answer.portfolios || [];
  fillTable($("portfolios-table"), list.map((p) => el("tr", { className: state.portfolio === p.portfolio_id ? "selected" : "", "data-portfolio": p.portfolio_id },
    el("th", { scope: "row" }, p.name), cell(p.mode), cell(p.status), numberCell(money(p.total_value)), numberCell(money(p.cash)),
    numberCell(money(p.unrealized_pnl), p.unrealized_pnl), numberCell(percent(p.time_weighted_return), p.time_weighted_return),
    el("td", {}, el("button", { type: "button", onclick: () => selectPortfolio(p.portfolio_id, true), "aria-label": `Show ${p.name}` }, "Show")))));
  if (!state.portfolio && list.length) state.portfolio = list[0].portfolio_id;
  if (state.portfolio) await loadPortfolio();
}

async function selectPortfolio(id, focus) {
  state.portfolio = id;
  for (const row of $("portfolios-table").tBodies[0].rows) row.classList.toggle("selected", row.dataset.portfolio === id);
  await loadPortfolio();
  if (focus) $("portfolio-heading").focus();
}

async function loadPortfolio() {
  const id = encodeURIComponent(state.portfolio);
  const [p, history, orders] = await Promise.all([
    api(`/api/v1/portfolios/${id}${query(fresh())}`),
    api(`/api/v1/portfolios/${id}/history${query({ limit: 100000, ...fresh() })}`),
    api(`/api/v1/portfolios/${id}/orders${query({ limit: 50, ...fresh() })}`),
  ]);
  $("portfolio-detail").hidden = false;
  $("portfolio-heading").textContent = `${p.name} (${p.mode === "follow_index" ? "follows the index" : "manual"}, ${p.status})`;
  $("portfolio-summary").textContent = `Value ${money(p.total_value)} on ${p.as_of_date}: cash ${money(p.cash)}, net contributions ${money(p.net_contributions)}, realized P&L ${money(p.realized_pnl)}, unrealized ${money(p.unrealized_pnl)}, time-weighted return ${percent(p.time_weighted_return)}, ${p.pending_orders} pending order(s).`;
  drawChart($("portfolio-chart"), [
    { name: "Value", points: history.series.map((s) => ({ date: s.date, value: s.value })) },
    { name: "Net contributions", tone: 2, points: history.series.map((s) => ({ date: s.date, value: s.net_contributions })) },
  ], { describe: (v) => money(v) });
  fillTable($("positions-table"), (p.positions || []).map((s) => el("tr", {},
    el("th", { scope: "row" }, s.symbol), numberCell(number(s.quantity, 6)), numberCell(money(s.last_price)),
    numberCell(money(s.market_value)), numberCell(money(s.cost_basis)), numberCell(money(s.unrealized_pnl), s.unrealized_pnl),
    numberCell(percent(s.weight)))));
  const rows = [...(orders.orders || [])].reverse();
  fillTable($("orders-table"), rows.map((o) => el("tr", { "data-order": o.order_id },
    cell(o.placed_at ? o.placed_at.slice(0, 19).replace("T", " ") : ""), cell(o.symbol), cell(o.side),
    numberCell(o.notional === null ? "–" : money(o.notional)), numberCell(o.quantity === null ? "–" : number(o.quantity, 6)),
    cell(o.status + (o.reject_reason ? `: ${o.reject_reason}` : "")),
    cell(o.fill_date ? `${number(o.filled_quantity, 6)} at ${money(o.fill_price)} on ${o.fill_date}` : "–"),
    el("td", {}, o.status === "pending"
      ? el("button", { type: "button", onclick: (e) => cancelOrder(e.currentTarget, o.order_id), "aria-label": `Cancel the ${o.side} order of ${o.symbol}` }, "Cancel")
      : ""))));
}

function fillOrderSymbols() {
  const select = $("order-symbol");
  const chosen = select.value;
  select.replaceChildren(...["INDEX", ...state.symbols].map((s) =>
    el("option", { value: s, selected: s === chosen }, s === "INDEX" ? "INDEX (the whole basket)" : s)));
}

async function placeOrder() {
  if (!state.portfolio) throw new Error("Open a portfolio first.");
  const body = { symbol: $("order-symbol").value, side: $("order-side").value };
  const notional = $("order-notional").value.trim();
  const quantity = $("order-quantity").value.trim();
  if (notional && quantity) throw new Error("Give an amount or a quantity, not both.");
  if (!notional && !quantity) throw new Error("Give an amount or a quantity.");
  if (notional) body.notional = notional; else body.quantity = quantity;
  const order = await api(`/api/v1/portfolios/${encodeURIComponent(state.portfolio)}/orders`, { method: "POST", body });
  $("order-status").textContent = `Placed order ${order.order_id}: ${order.side} ${order.symbol}, ${order.status}${order.status === "pending" ? ` (fills at the first close after ${order.after_date})` : ""}.`;
  $("order-notional").value = "";
  $("order-quantity").value = "";
  await loadPortfolio();
}

async function cancelOrder(button, orderId) {
  await busy(button, "Canceling…", "order-error", async () => {
    await api(`/api/v1/portfolios/${encodeURIComponent(state.portfolio)}/orders/${encodeURIComponent(orderId)}`, { method: "DELETE" });
    await loadPortfolio();
  });
}

async function openPortfolio() {
  const body = { name: $("portfolio-name").value.trim(), initial_cash: $("portfolio-cash").value.trim(), mode: $("portfolio-mode").value };
  if ($("portfolio-start").value) body.start_date = $("portfolio-start").value;
  const p = await api("/api/v1/portfolios", { method: "POST", body });
  state.portfolio = p.portfolio_id;
  $("portfolio-name").value = "";
  await loadPortfolios();
  $("portfolio-heading").focus();
}

// MARK: - Admin: configuration and audit

const configFields = [
  ["momentum_weight", "Momentum sleeve weight"], ["market_cap_weight", "Market-cap sleeve weight"],
  ["risk_parity_weight", "Risk-parity sleeve weight"], ["momentum_lookback_days", "Momentum lookback (days)"],
  ["momentum_threshold", "Momentum threshold"], ["risk_parity_method", "Risk-parity method"],
  ["volatility_lookback_days", "Volatility lookback (days)"], ["min_weight", "Minimum weight (empty: none)"],
  ["max_weight", "Maximum weight (empty: none)"], ["rebalance_frequency", "Rebalance frequency"],
  ["min_price", "Minimum price (USD)"], ["max_forward_fill_days", "Forward-fill limit (days)"],
  ["min_daily_return", "Daily return floor"], ["max_daily_return", "Daily return cap"],
  ["outlier_std_threshold", "Outlier threshold (std devs)"], ["risk_free_rate", "Risk-free rate"],
];
const textFields = new Set(["risk_parity_method", "rebalance_frequency"]);

async function loadConfig() {
  const config = await api(`/api/v1/strategy/config${query(fresh())}`);
  state.config = config;
  const fields = $("config-fields");
  if (!fields.childElementCount) {
    for (const [key, label] of configFields) {
      const id = `config-${key.replaceAll("_", "-")}`;
      const input = key === "risk_parity_method"
        ? el("select", { id }, el("option", { value: "inverse_volatility" }, "inverse volatility"), el("option", { value: "equal_risk_contribution" }, "equal risk contribution"))
        : el("input", { id, name: key, type: textFields.has(key) ? "text" : "number", step: "any" });
      fields.append(el("label", { for: id }, label), input);
    }
  }
  for (const [key] of configFields) {
    const value = config[key];
    $(`config-${key.replaceAll("_", "-")}`).value = value === null || value === undefined ? "" : String(value);
  }
  $("config-status").textContent = `Version ${config.config_version}, set by ${config.updated_by} at ${config.updated_at}: “${config.reason || "no reason given"}”.`;
}

async function saveConfig() {
  const reason = $("config-reason").value.trim();
  if (!reason) throw new Error("Give a reason for the change: it is recorded with it.");
  // As the original's web client does: the whole object read, with the edits and the reason.
  const body = { ...state.config, reason };
  for (const [key] of configFields) {
    const text = $(`config-${key.replaceAll("_", "-")}`).value.trim();
    body[key] = textFields.has(key) ? text : text === "" ? null : Number(text);
  }
  const answer = await api("/api/v1/strategy/config", { method: "PUT", body });
  $("config-reason").value = "";
  $("config-status").textContent = `Recorded as version ${answer.config_version} at log position ${answer.position}: ${answer.message}.`;
}

async function loadConfigHistory() {
  const answer = await api(`/api/v1/strategy/config/history${query(fresh())}`);
  const rows = [...(answer.history || [])].sort((a, b) => b.config_version - a.config_version).slice(0, 20);
  fillTable($("config-history"), rows.map((h) => el("tr", {},
    el("th", { scope: "row" }, String(h.config_version)), cell(h.recorded_at.slice(0, 19).replace("T", " ")), cell(h.actor),
    cell((h.changed_fields || []).length > 6 ? `${h.changed_fields.length} fields` : (h.changed_fields || []).join(", ")),
    cell(h.reason || ""))));
}

async function loadRebalances() {
  const head = await api("/api/v1/audit/rebalances?limit=1");
  const count = 15;
  const offset = Math.max(0, head.total - count);
  const answer = await api(`/api/v1/audit/rebalances${query({ limit: count, offset })}`);
  $("rebalance-count").textContent = `${head.total} rebalances in the log; the latest ${Math.min(count, head.total)}, newest first.`;
  const known = new Set([...$("rebalance-list").tBodies[0].rows].map((r) => r.dataset.rebalance).filter(Boolean));
  const rows = [...answer.rebalances].reverse();
  fillTable($("rebalance-list"), rows.map((r) => el("tr", { "data-rebalance": r.rebalance_id, className: known.size && !known.has(r.rebalance_id) ? "fresh" : "" },
    el("th", { scope: "row" }, r.rebalance_id), cell(r.as_of_date), cell(r.trigger), cell(`v${r.config_version}`),
    numberCell(percent(r.turnover)), cell(r.actor),
    el("td", {},
      el("button", { type: "button", onclick: () => showRebalance(r.rebalance_id), "aria-label": `Details of ${r.rebalance_id}` }, "Details"), " ",
      el("button", { type: "button", className: "verify", onclick: (e) => verifyRebalance(e.currentTarget, r.rebalance_id), "aria-label": `Verify ${r.rebalance_id}` }, "Verify")))));
}

async function showRebalance(id) {
  const r = await api(`/api/v1/audit/rebalances/${encodeURIComponent(id)}`);
  $("rebalance-detail").hidden = false;
  $("rebalance-detail").dataset.rebalance = id;
  $("rebalance-heading").textContent = `${r.rebalance_id} on ${r.as_of_date}`;
  const sleeves = (r.sleeves || []).map((s) => `${s.sleeve} ${percent(s.applied_weight)} (configured ${percent(s.configured_weight)})`).join(", ");
  const orders = r.portfolio_orders || {};
  $("rebalance-summary").textContent = `Trigger ${r.trigger} by ${r.actor}${r.reason ? ` (“${r.reason}”)` : ""}, configuration v${r.config_version}, turnover ${percent(r.turnover)}; sleeves: ${sleeves}. Inputs: ${r.inputs.count} prices up to log position ${r.inputs.last_input_position}, digest ${r.inputs.digest}. Portfolio orders it caused: ${orders.orders || 0} (${orders.filled || 0} filled).`;
  $("rebalance-verify").textContent = "";
  const before = new Map((r.old_weights || []).map((w) => [w.symbol, w.weight]));
  const components = new Map((r.components || []).map((c) => [c.symbol, c]));
  fillTable($("rebalance-weights"), (r.new_weights || []).map((w) => {
    const c = components.get(w.symbol) || {};
    return el("tr", {}, el("th", { scope: "row" }, w.symbol), numberCell(before.has(w.symbol) ? percent(before.get(w.symbol)) : "–"),
      numberCell(percent(w.weight)), numberCell(percent(c.momentum), c.momentum), numberCell(percent(c.volatility)));
  }));
  fillTable($("rebalance-events"), (r.events || []).map((e) => el("tr", {},
    el("th", { scope: "row" }, String(e.position)), cell(e.type), el("td", {}, el("code", {}, e.hash)))));
  $("rebalance-heading").focus();
}

async function verifyRebalance(button, id) {
  const target = $("rebalance-verify");
  await busy(button, "Verifying…", null, async () => {
    if ($("rebalance-detail").dataset.rebalance !== id) await showRebalance(id);
    target.textContent = `Verifying ${id}: recomputing its weights from the prices in the log…`;
    try {
      const v = await api(`/api/v1/audit/rebalances/${encodeURIComponent(id)}/verify`);
      target.textContent = v.matches
        ? `Verified: recomputing ${id} from the log's inputs (up to position ${v.last_input_position}) gives exactly the recorded weights.`
        : `Mismatch: ${v.problem || `${v.differences.length} weights differ`}.`;
      target.className = v.matches ? "summary up" : "error";
    } catch (error) {
      target.textContent = `The verification failed: ${error.message}`;
      target.className = "error";
    }
  });
}

async function checkChain(button) {
  const target = $("chain-result");
  await busy(button, "Checking…", null, async () => {
    target.textContent = "Reading the whole log and checking every hash…";
    try {
      const v = await api("/api/v1/audit/verify");
      target.textContent = v.problem
        ? `Broken at position ${v.first_bad_position}: ${v.problem}`
        : `The chain holds: ${v.event_count.toLocaleString("en-US")} events, head hash ${v.head_hash}.`;
      target.className = v.problem ? "error" : "summary up";
    } catch (error) {
      target.textContent = `The check failed: ${error.message}`;
      target.className = "error";
    }
  });
}

// MARK: - Live updates

const areas = {
  current: loadCurrent, index: loadIndex, risk: loadRisk, portfolios: loadPortfolios,
  config: loadConfig, configHistory: loadConfigHistory, rebalances: loadRebalances,
};
const adminAreas = new Set(["config", "configHistory", "rebalances"]);
const portfolioTypes = new Set(["PortfolioOpened", "CashDeposited", "CashWithdrawn", "OrderPlaced", "OrderFilled", "OrderRejected", "OrderCanceled", "BrokerOrderUpdated", "PortfolioClosed"]);

/** What an event of `type` changes on the page. */
function areasFor(type) {
  if (type === "IndexValued") return ["current", "index", "risk"];
  if (type === "RebalanceRequested" || type === "WeightsCalculated" || type === "AllocationChanged") return ["current", "rebalances"];
  if (type === "ConfigUpdated") return ["config", "configHistory"];
  if (portfolioTypes.has(type)) return ["portfolios"];
  return [];
}

/** Reloads `area` shortly (several events in a burst cause one reload). */
function refresh(area) {
  if (adminAreas.has(area) && !(state.user && state.user.role === "admin")) return;
  if (state.pending.has(area)) return;
  state.pending.set(area, setTimeout(async () => {
    state.pending.delete(area);
    try { await areas[area](); } catch (error) { logLine(`could not refresh ${area}: ${error.message}`); }
  }, 300));
}

async function refreshAll() {
  await loadCurrent();
  const work = [loadIndex(), loadRisk(), loadPortfolios(), loadCurrencies()];
  if (state.user.role === "admin") work.push(loadConfig(), loadConfigHistory(), loadRebalances());
  const results = await Promise.allSettled(work);
  for (const r of results) if (r.status === "rejected") logLine(`could not load: ${r.reason.message}`);
}

function setLive(text, connected) {
  const status = $("live-status");
  status.textContent = text;
  status.classList.toggle("connected", connected === true);
  status.classList.toggle("disconnected", connected === false);
}

function logLine(text) {
  const log = $("live-log");
  log.prepend(el("li", {}, text));
  while (log.childElementCount > 100) log.lastElementChild.remove();
}

function describeEvent(type, data) {
  const p = data.payload || {};
  switch (type) {
    case "IndexValued": return `index ${number(p.value)} on ${p.date}`;
    case "RebalanceRequested": return `rebalance on ${p.as_of_date} requested (${p.trigger})`;
    case "AllocationChanged": return `allocation changed on ${p.as_of_date}, turnover ${percent(p.turnover)}`;
    case "ConfigUpdated": return `configuration v${p.config_version}: ${p.reason || "no reason"}`;
    case "OrderPlaced": return `order placed: ${p.side} ${p.symbol}`;
    case "OrderFilled": return `order filled: ${p.side} ${number(p.quantity, 6)} ${p.symbol} at ${money(p.fill_price)} on ${p.fill_date}`;
    case "OrderRejected": return `order rejected: ${p.symbol || ""}`;
    default: return type;
  }
}

function handleMessage(message) {
  if (message.retry) state.retry = message.retry;
  if (message.id !== undefined) state.lastPosition = Number(message.id);
  if (message.event === "overflow") {
    logLine("the stream fell behind: reconnecting from the last position");
    return;
  }
  if (!message.event || message.data === undefined) return;
  let data = {};
  try { data = JSON.parse(message.data); } catch { data = {}; }
  if (message.event !== "IndexValued" || !state.sawIndexValued) logLine(`#${message.id} ${describeEvent(message.event, data)}`);
  state.sawIndexValued = message.event === "IndexValued";
  for (const area of areasFor(message.event)) refresh(area);
}

/** Parses server-sent events from a byte stream and hands each message to handleMessage. */
async function readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = {};
      const data = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(text);
        else if (field === "id") message.id = text;
        else if (field === "event") message.event = text;
        else if (field === "retry" && /^\d+$/.test(text)) message.retry = Number(text);
      }
      if (data.length) message.data = data.join("\n");
      handleMessage(message);
    }
  }
}

/** Follows the live stream while signed in, reconnecting from the last position seen. */
async function follow() {
  if (state.stream) return;
  const controller = new AbortController();
  state.stream = controller;
  state.retry = 3000;
  while (state.stream === controller) {
    try {
      const after = state.lastPosition === null ? {} : { after: state.lastPosition };
      const response = await fetch(`/api/v1/stream${query(after)}`, {
        headers: { Authorization: `Bearer ${state.token}`, Accept: "text/event-stream" }, signal: controller.signal,
      });
      if (response.status === 401) { signOut("Your session has ended: sign in again."); return; }
      if (!response.ok) throw new Error(`the stream answered ${response.status}`);
      setLive("Live: new events appear as they are recorded", true);
      if (!state.streamOpened) {
        state.streamOpened = true;
        refreshAll();
      }
      await readEvents(response.body);
    } catch (error) {
      if (controller.signal.aborted) return;
      logLine(`stream interrupted: ${error.message}`);
    }
    if (state.stream !== controller) return;
    setLive("Reconnecting to the live stream…", false);
    await new Promise((resolve) => setTimeout(resolve, state.retry));
  }
}

// MARK: - Wiring

function setRange(years) {
  state.range = { years, start: null, end: null };
  for (const button of document.querySelectorAll("#range-form button[data-years]")) {
    button.setAttribute("aria-pressed", String(Number(button.dataset.years) === years));
  }
}

function wire() {
  $("login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    busy($("login-submit"), "Signing in…", "login-error", () => signIn("login"));
  });
  $("register-submit").addEventListener("click", () => busy($("register-submit"), "Creating…", "login-error", () => signIn("register")));
  $("logout").addEventListener("click", async () => {
    try { await api("/api/v1/auth/logout", { method: "POST" }); } catch { /* signed out locally either way */ }
    signOut();
  });
  for (const button of document.querySelectorAll("#range-form button[data-years]")) {
    button.addEventListener("click", () => {
      setRange(Number(button.dataset.years));
      loadIndex().catch((error) => { $("index-summary").textContent = error.message; });
    });
  }
  $("range-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setRange(null);
    state.range.start = $("range-start").value || null;
    state.range.end = $("range-end").value || null;
    loadIndex().catch((error) => { $("index-summary").textContent = error.message; });
  });
  $("log-scale").addEventListener("change", () => loadIndex().catch((error) => { $("index-summary").textContent = error.message; }));
  $("simulate-form").addEventListener("submit", (event) => {
    event.preventDefault();
    busy($("simulate-submit"), "Simulating…", "simulation-error", simulate);
  });
  $("open-portfolio-form").addEventListener("submit", (event) => {
    event.preventDefault();
    busy($("open-portfolio-submit"), "Opening…", "open-portfolio-error", openPortfolio);
  });
  $("order-form").addEventListener("submit", (event) => {
    event.preventDefault();
    busy($("order-submit"), "Placing…", "order-error", placeOrder);
  });
  $("config-form").addEventListener("submit", (event) => {
    event.preventDefault();
    busy($("config-submit"), "Saving…", "config-error", saveConfig);
  });
  $("chain-check").addEventListener("click", (event) => checkChain(event.currentTarget));
  setRange(5);
}

document.addEventListener("DOMContentLoaded", () => {
  wire();
  if (state.token) start().catch(() => signOut());
  else signOut();
});
