// THE PEER, not Tandem: a plain ShareDB 7 server, set up as its documentation describes, so that the
// load generator can measure it side by side with Tandem on the same machine and PostgreSQL.
//
// Usage: node perf/peers/sharedb/server.js [--port 8090] [--processes 1]
//   PEER_PG_URL     PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/test); the peer
//                   keeps its tables in its own database, sharedb_peer, created when missing.
//   PEER_REDIS_URL  Redis for sharedb-redis-pubsub, used when --processes is above 1 (default
//                   redis://127.0.0.1:6379), so that processes see each other's ops.
// With several processes, Node's cluster module shares the port among them round robin.
'use strict';

const cluster = require('node:cluster');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const pg = require('pg');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const port = Number(option('port', '8090'));
const processes = Number(option('processes', '1'));
const serverUrl = process.env.PEER_PG_URL || 'postgresql://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.PEER_REDIS_URL || 'redis://127.0.0.1:6379';
const database = 'sharedb_peer';

function databaseUrl() {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  // The package's structure.sql is not idempotent (it adds columns), so it runs once per database.
  const tables = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'ops'");
  if (tables.rowCount === 0) {
    const structure = path.join(path.dirname(require.resolve('sharedb-postgres')), 'structure.sql');
    await client.query(fs.readFileSync(structure, 'utf8'));
  }
  await client.end();
}

function serve() {
  const ShareDB = require('sharedb');
  const WebSocket = require('ws');
  const WebSocketJSONStream = require('@teamwork/websocket-json-stream');
  ShareDB.types.register(require('rich-text').type);
  ShareDB.types.register(require('ot-text-unicode').type);
  const options = {
    db: require('sharedb-postgres')({ connectionString: databaseUrl(), max: 10 }),
    presence: true,
    doNotForwardSendPresenceErrorsToClient: true,
  };
  if (processes > 1) options.pubsub = require('sharedb-redis-pubsub')({ url: redisUrl });
  const backend = new ShareDB(options);
  const server = http.createServer((request, response) => {
    response.writeHead(request.url === '/health' ? 200 : 404).end();
  });
  const sockets = new WebSocket.Server({ server, path: '/sharedb', perMessageDeflate: false });
  sockets.on('connection', (socket) => {
    const stream = new WebSocketJSONStream(socket);
    // A write to a socket that a client just closed emits 'error'; unhandled, it ends the process.
    stream.on('error', (error) => console.error(`peer socket error: ${error.message}`));
    backend.listen(stream);
  });
  server.listen(port, '127.0.0.1', () => console.log(`peer ShareDB ${process.pid} listening on 127.0.0.1:${port}`));
}

async function main() {
  if (processes > 1 && cluster.isPrimary) {
    await prepareDatabase();
    for (let i = 0; i < processes; i++) cluster.fork();
    cluster.on('exit', (worker, code) => console.error(`peer worker ${worker.process.pid} exited with ${code}`));
    return;
  }
  if (processes === 1) await prepareDatabase();
  serve();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
