'use strict';
// PostgreSQL and Redis servers that a fault test owns, each run by
// dev.tandem.store.StandaloneStoreServer from target/tandem.jar on a free loopback port, so the
// test may stop, kill and restart them without touching the shared local servers.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, REPO_ROOT } = require('./node');

const JAR = path.join(REPO_ROOT, 'target', 'tandem.jar');
const LOG_DIR = path.join(REPO_ROOT, 'target', 'node-logs');
const DATA_ROOT = path.join(REPO_ROOT, 'target', 'store-data');

let storeCounter = 0;

/**
 * One store server process. The port and, for PostgreSQL, the data directory stay the same across
 * restarts, so nodes reconnect to the same URL and find the same data.
 */
class StoreServer {
  constructor(kind, port, dataDir) {
    this.kind = kind;
    this.port = port;
    this.dataDir = dataDir;
    this.process = null;
    this.serverPid = null;
    this.url = null;
    this.starts = 0;
  }

  /** Starts the server and resolves once it accepts connections. */
  async start({ timeoutMs = 90000 } = {}) {
    if (this.process) throw new Error(`${this.kind} is already running (pid ${this.process.pid})`);
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.starts += 1;
    this.logPath = path.join(LOG_DIR, `${this.kind}-${path.basename(this.dataDir)}-${this.starts}.log`);
    const log = fs.openSync(this.logPath, 'a');
    const args = ['-cp', JAR, 'dev.tandem.store.StandaloneStoreServer', this.kind, String(this.port)];
    if (this.kind === 'postgres') args.push(this.dataDir);
    const child = spawn('java', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', log] });
    fs.closeSync(log);
    this.process = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.process = null;
        resolve({ code, signal });
      });
    });
    const ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.kind} not ready within ${timeoutMs} ms; see ${this.logPath}`)),
        timeoutMs);
      let text = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        text += chunk;
        const match = /ready url=(\S+) pid=(-?\d+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve({ url: match[1], pid: Number(match[2]) });
        }
      });
      this.exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`${this.kind} exited with status ${code} before it was ready; see ${this.logPath}`));
      });
    });
    this.url = ready.url;
    this.serverPid = ready.pid;
    return this;
  }

  /** Stops the server gracefully (SIGTERM to its runner: a fast shutdown for PostgreSQL). */
  async stop() {
    if (!this.process) return null;
    this.process.kill('SIGTERM');
    return this.exited;
  }

  /** Stops the server and deletes its data directory. */
  async dispose() {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Kills the server process itself with SIGKILL; its runner then exits too. */
  async kill() {
    if (!this.process) return null;
    process.kill(this.serverPid, 'SIGKILL');
    return this.exited;
  }
}

/** Starts a PostgreSQL with a fresh data directory on a free port. */
async function startPostgres() {
  storeCounter += 1;
  const dataDir = path.join(DATA_ROOT, `pg-${process.pid}-${storeCounter}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return new StoreServer('postgres', await freePort(), dataDir).start();
}

/** Starts a Redis on a free port. */
async function startRedis() {
  storeCounter += 1;
  return new StoreServer('redis', await freePort(), path.join(DATA_ROOT, `redis-${process.pid}-${storeCounter}`)).start();
}

module.exports = { startPostgres, startRedis, StoreServer };
