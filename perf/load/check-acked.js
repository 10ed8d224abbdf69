// Checks a single-document run against the server's op log: every acknowledged op must be stored
// exactly once, and no op may be stored twice. Reads the ops through Tandem's REST API.
// Usage: node perf/load/check-acked.js RESULT.json DOCUMENT_URL
'use strict';

const fs = require('node:fs');

const PAGE = 5000;

async function main() {
  const [resultFile, documentUrl] = process.argv.slice(2);
  if (!resultFile || !documentUrl) throw new Error('usage: node check-acked.js RESULT.json DOCUMENT_URL');
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const head = await (await fetch(documentUrl)).json();
  const stored = new Map();
  for (let from = 0; from < head.v; from += PAGE) {
    const response = await fetch(`${documentUrl}/ops?from=${from}&to=${Math.min(head.v, from + PAGE)}`);
    if (!response.ok) throw new Error(`reading ops from ${from}: ${response.status}`);
    for (const op of await response.json()) {
      const id = `${op.src}:${op.seq}`;
      stored.set(id, (stored.get(id) || 0) + 1);
    }
  }
  const twice = [...stored].filter(([, count]) => count > 1).map(([id]) => id);
  const missing = result.acked.filter((id) => !stored.has(id));
  console.log(`version ${head.v}: ${stored.size} distinct ops stored, ${result.acked.length} acknowledged,`
    + ` ${missing.length} acknowledged but missing, ${twice.length} stored twice; settled: ${result.settled}`);
  if (missing.length || twice.length) {
    console.error(`FAILED: missing ${missing.slice(0, 5).join(' ')}; twice ${twice.slice(0, 5).join(' ')}`);
    process.exit(1);
  }
  console.log('OK: every acknowledged op is stored exactly once');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
