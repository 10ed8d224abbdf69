// Summarises the runs of one scenario written by perf/load/compare: medians over the rounds, with
// their spread, per server and phase, as a Markdown table, plus CSV files and PNG plots.
// Usage: node perf/load/report.js perf/load/results/SCENARIO
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node perf/load/report.js RESULTS_DIR');
  process.exit(2);
}

const runs = fs.readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));

function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function spread(values) {
  const numbers = values.filter((v) => typeof v === 'number');
  return numbers.length ? `${round(Math.min(...numbers))}–${round(Math.max(...numbers))}` : '';
}

function round(value) {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

// server -> phase -> list of phase results, one per round
const byServer = new Map();
for (const run of runs) {
  const server = run.options.label || run.options.url;
  if (!byServer.has(server)) byServer.set(server, new Map());
  for (const phase of run.phases) {
    const phases = byServer.get(server);
    if (!phases.has(phase.phase)) phases.set(phase.phase, []);
    phases.get(phase.phase).push(phase);
  }
}

const columns = [
  ['committed/s', (p) => p.committedPerSecond],
  ['typed/s', (p) => p.keystrokesPerSecond],
  ['ack p50 ms', (p) => p.ackMillis && p.ackMillis.p50],
  ['ack p99 ms', (p) => p.ackMillis && p.ackMillis.p99],
  ['remote p99 ms', (p) => p.remoteMillis && p.remoteMillis.p99],
  ['server CPU', (p) => p.serverCpuCores],
  ['generator CPU', (p) => p.generatorCpuCores],
  ['errors', (p) => Object.values(p.errors || {}).reduce((a, b) => a + b, 0)],
];
const extras = [
  ['catch-up p99 ms', (p) => p.catchUpMillis && p.catchUpMillis.p99],
  ['storm ms', (p) => p.stormMillis],
  ['heap/conn bytes', (p) => p.heapPerConnectionBytes],
  ['RSS/conn bytes', (p) => p.rssPerConnectionBytes],
];
const shown = columns.concat(extras.filter(([, get]) =>
  [...byServer.values()].some((phases) => [...phases.values()].flat().some((p) => get(p) !== undefined))));

const lines = [];
lines.push(`| server | phase | rounds | ${shown.map(([name]) => name).join(' | ')} |`);
lines.push(`| --- | --- | --- | ${shown.map(() => '---').join(' | ')} |`);
for (const [server, phases] of byServer) {
  for (const [phase, results] of phases) {
    const cells = shown.map(([, get]) => {
      const values = results.map(get);
      const middle = median(values);
      return results.length > 1 ? `${round(middle)} (${spread(values)})` : round(middle);
    });
    lines.push(`| ${server} | ${phase} | ${results.length} | ${cells.join(' | ')} |`);
  }
}
const table = lines.join('\n') + '\n\nCells are medians over the rounds, with the lowest and highest in brackets.\n';
fs.writeFileSync(path.join(dir, 'table.md'), table);
process.stdout.write(table);

// Latency against offered load, for phases that name their offered rate.
const latency = ['series,x,y'];
for (const [server, phases] of byServer) {
  for (const [, results] of phases) {
    const offered = median(results.map((p) => p.offeredPerSecond));
    if (!Number.isFinite(offered)) continue;
    latency.push(`${server} ack p99,${offered},${median(results.map((p) => p.ackMillis.p99))}`);
    latency.push(`${server} ack p50,${offered},${median(results.map((p) => p.ackMillis.p50))}`);
  }
}
// Committed ops per second over time in half-second bins, from the first round of each server.
const BIN_SECONDS = 0.5;
const timeline = ['series,x,y'];
for (const run of runs.filter((r) => String(r.options.round || '1') === '1')) {
  const server = run.options.label || run.options.url;
  const perBin = Math.max(1, Math.round((BIN_SECONDS * 1000) / run.ackSlotMillis));
  for (let i = 0; i + perBin <= run.ackSlots.length; i += perBin) {
    const count = run.ackSlots.slice(i, i + perBin).reduce((a, b) => a + b, 0);
    timeline.push(`${server},${((i * run.ackSlotMillis) / 1000).toFixed(1)},${count / BIN_SECONDS}`);
  }
}

const plot = path.join(__dirname, 'LinePlot.java');
function draw(csvLines, name, title, xLabel, yLabel, logY) {
  if (csvLines.length < 2) return;
  const csv = path.join(dir, `${name}.csv`);
  fs.writeFileSync(csv, csvLines.join('\n') + '\n');
  execFileSync('java', ['-Djava.awt.headless=true', plot, csv, path.join(dir, `${name}.png`), title, xLabel, yLabel,
    logY ? 'log' : 'linear'], { stdio: 'inherit' });
  console.log(`wrote ${path.join(dir, `${name}.png`)}`);
}
const scenario = path.basename(dir);
draw(latency, 'latency', `${scenario}: ack latency against offered load`, 'offered keystrokes per second',
  'ack latency (ms, log)', true);
draw(timeline, 'throughput', `${scenario}: committed ops per second over time`, 'seconds', 'committed ops/s', false);
