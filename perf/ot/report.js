'use strict';
// Joins the JMH results and the reference results into one table per case: the median ops/s of
// each side and their ratio, then the best iteration of each side and their ratio. Other work on
// the machine only slows an iteration down, so the best iteration is the closest to the speed of
// an idle machine. Writes results.json and results.csv, and prints a Markdown table.
// Usage: node report.js JMH.json REFERENCE.json OUT_DIR

const fs = require('fs');
const path = require('path');

const [jmhPath, referencePath, outDir] = process.argv.slice(2, 5);
if (!jmhPath || !referencePath || !outDir) {
  throw new Error('usage: node report.js JMH.json REFERENCE.json OUT_DIR');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const java = new Map();
for (const entry of JSON.parse(fs.readFileSync(jmhPath, 'utf8'))) {
  const kind = entry.benchmark.split('.').pop();
  const scores = entry.primaryMetric.rawData.flat();
  java.set(kind + '|' + entry.params.name, { median: median(scores), scores });
}

const reference = JSON.parse(fs.readFileSync(referencePath, 'utf8'));
const rows = [];
for (const result of reference.results) {
  const javaResult = java.get(result.kind + '|' + result.name);
  if (!javaResult) {
    throw new Error('no JMH result for ' + result.kind + ' ' + result.name);
  }
  rows.push({
    kind: result.kind,
    name: result.name,
    javaMedian: javaResult.median,
    referenceMedian: result.median,
    ratio: javaResult.median / result.median,
    javaBest: Math.max(...javaResult.scores),
    referenceBest: Math.max(...result.scores),
    bestRatio: Math.max(...javaResult.scores) / Math.max(...result.scores),
    javaScores: javaResult.scores,
    referenceScores: result.scores,
  });
}
if (rows.length !== java.size) {
  throw new Error('JMH has ' + java.size + ' results, the reference ' + rows.length);
}

fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ reference: reference.runtime, rows }, null, 2));
const csv = ['kind,case,java_median_ops_s,reference_median_ops_s,java_over_reference,'
  + 'java_best_ops_s,reference_best_ops_s,best_java_over_best_reference'];
for (const row of rows) {
  csv.push([row.kind, '"' + row.name.replace(/"/g, '""') + '"', row.javaMedian.toFixed(1),
    row.referenceMedian.toFixed(1), row.ratio.toFixed(3), row.javaBest.toFixed(1),
    row.referenceBest.toFixed(1), row.bestRatio.toFixed(3)].join(','));
}
fs.writeFileSync(path.join(outDir, 'results.csv'), csv.join('\n') + '\n');

const number = (value) => Math.round(value).toLocaleString('en-US');
function ratio(value) {
  if (value >= 10) {
    return value.toFixed(0);
  }
  if (value >= 0.1) {
    return value.toFixed(2);
  }
  return value.toPrecision(2);
}
console.log('| Kind | Case | Java median ops/s | Reference median ops/s | Java / reference |'
  + ' Java best ops/s | Reference best ops/s | Best / best |');
console.log('|---|---|--:|--:|--:|--:|--:|--:|');
for (const row of rows) {
  console.log('| ' + row.kind + ' | ' + row.name + ' | ' + number(row.javaMedian) + ' | '
    + number(row.referenceMedian) + ' | ' + ratio(row.ratio) + ' | ' + number(row.javaBest) + ' | '
    + number(row.referenceBest) + ' | ' + ratio(row.bestRatio) + ' |');
}
