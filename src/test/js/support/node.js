'use strict';
// Starts and stops Tandem nodes for the Node tests.
//
// By default a node is `java -jar target/tandem.jar` from the repository root. Two environment
// variables change the target:
//   TANDEM_NODE_COMMAND  command line started in place of the jar (split on spaces), for example a
//                        stand-in server; it receives the same TANDEM_* environment.
//   TANDEM_TEST_URL      base URL of a node that is already running (http://127.0.0.1:PORT); no
//                        process is started, and tests that restart a node are skipped.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const http = require('node:http');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const LOG_DIR = path.join(REPO_ROOT, 'target', 'node-logs');
const DATA_ROOT = path.join(REPO_ROOT, 'target', 'node-data');
const JAR = path.join(REPO_ROOT, 'target', 'tandem.jar');

const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends a GET to a loopback URL and resolves with {status, body} (body parsed as JSON when it is JSON). */
function httpGet(url, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        let body = text;
        try { body = JSON.parse(text); } catch (_) { /* not JSON: keep the text */ }
        resolve({ status: res.statusCode, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

function nodeCommand() {
  const override = process.env.TANDEM_NODE_COMMAND;
  if (override) {
    const parts = override.trim().split(/\s+/);
    return { command: parts[0], args: parts.slice(1) };
  }
  if (!fs.existsSync(JAR)) {
    throw new Error(`${JAR} not found: build it with "mvn -q -B package -DskipTests" in ${REPO_ROOT}`);
  }
  const javaOpts = (process.env.TANDEM_JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  return { command: 'java', args: [...javaOpts, '-jar', JAR] };
}

/**
 * One Tandem node under test. A node keeps its HTTP port and data directory across restarts so
 * that clients can reconnect to the same URL.
 */
class TandemNode {
  constructor({ name, httpPort, clusterPort, dataDir, external, members, clusterName, env }) {
    this.name = name;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.dataDir = dataDir;
    this.external = external;
    // A node started alone forms a cluster of its own; nodes of startCluster share these.
    this.members = members || `127.0.0.1:${clusterPort}`;
    this.clusterName = clusterName || `tandem-test-${process.pid}-${name}`;
    this.extraEnv = env || {};
    this.httpUrl = external || `http://127.0.0.1:${httpPort}`;
    this.process = null;
    this.logPath = null;
    this.starts = 0;
  }

  /** True when the tests own the process and may stop, kill and restart it. */
  get restartable() {
    return !this.external;
  }

  wsUrl(user) {
    return `${this.httpUrl.replace(/^http/, 'ws')}/sharedb?user=${encodeURIComponent(user)}`;
  }

  sockjsUrl(user) {
    return `${this.httpUrl}/sockjs?user=${encodeURIComponent(user)}`;
  }

  async start({ readyTimeoutMs = 90000 } = {}) {
    if (this.external) {
      await this.waitReady(readyTimeoutMs);
      return this;
    }
    if (this.process) throw new Error(`node ${this.name} is already running (pid ${this.process.pid})`);
    const { command, args } = nodeCommand();

    fs.mkdirSync(LOG_DIR, { recursive: true });
    fs.mkdirSync(this.dataDir, { recursive: true });
    this.starts += 1;
    this.logPath = path.join(LOG_DIR, `${this.name}-${this.starts}.log`);
    const log = fs.openSync(this.logPath, 'a');
    const env = {
      ...process.env,
      TANDEM_HTTP_PORT: String(this.httpPort),
      TANDEM_CLUSTER_PORT: String(this.clusterPort),
      // Each test node forms its own cluster, so it never joins a developer's node or another test's.
      TANDEM_CLUSTER_MEMBERS: this.members,
      TANDEM_CLUSTER_NAME: this.clusterName,
      TANDEM_DATA_DIR: this.dataDir,
      TANDEM_PG_URL: process.env.TANDEM_PG_URL ?? DEFAULT_PG_URL,
      TANDEM_REDIS_URL: process.env.TANDEM_REDIS_URL ?? DEFAULT_REDIS_URL,
      TANDEM_AUTH_MODE: 'dev',
      ...this.extraEnv,
    };

    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.process = child;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.process = null;
        resolve({ code, signal });
      });
    });

    try {
      await this.waitReady(readyTimeoutMs);
    } catch (err) {
      await this.kill();
      throw new Error(`${err.message}\n--- last lines of ${this.logPath} ---\n${this.logTail()}`);
    }
    return this;
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.external && !this.process) {
        throw new Error(`node ${this.name} exited before it was ready`);
      }
      try {
        const res = await httpGet(`${this.httpUrl}/health/ready`, 2000);
        if (res.status === 200) return;
        lastError = `status ${res.status}`;
      } catch (err) {
        lastError = err.message;
      }
      await sleep(200);
    }
    throw new Error(`node ${this.name} not ready at ${this.httpUrl}/health/ready within ${timeoutMs} ms (${lastError})`);
  }

  logTail(lines = 40) {
    if (!this.logPath || !fs.existsSync(this.logPath)) return '(no log)';
    return fs.readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /**
   * Sends SIGTERM and waits for the exit. A node still up after timeoutMs gets SIGKILL, and the
   * result then has forced: true.
   */
  async stop({ timeoutMs = 30000 } = {}) {
    if (this.external || !this.process) return null;
    this.process.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      fs.appendFileSync(this.logPath, `\n[test harness] no exit ${timeoutMs} ms after SIGTERM, sending SIGKILL\n`);
      return { ...(await this.kill()), forced: true };
    }
    return result;
  }

  /** Sends SIGKILL and waits for the exit. */
  async kill() {
    if (this.external || !this.process) return null;
    this.process.kill('SIGKILL');
    return this.exited;
  }

  /** Stops the node with the given signal and starts it again on the same port and data. */
  async restart({ signal = 'SIGTERM' } = {}) {
    if (!this.restartable) throw new Error('cannot restart an external node (TANDEM_TEST_URL is set)');
    const exit = signal === 'SIGKILL' ? await this.kill() : await this.stop();
    await this.start();
    return exit;
  }
}

let nodeCounter = 0;

/** Starts a node on free ports with its own data directory and `env` added to its environment, or attaches to TANDEM_TEST_URL. */
async function startNode({ name = 'node', env = {} } = {}) {
  nodeCounter += 1;
  const unique = `${name}-${process.pid}-${nodeCounter}`;
  const external = process.env.TANDEM_TEST_URL ? process.env.TANDEM_TEST_URL.replace(/\/+$/, '') : null;
  const node = new TandemNode({
    name: unique,
    httpPort: external ? null : await freePort(),
    clusterPort: external ? null : await freePort(),
    dataDir: path.join(DATA_ROOT, unique),
    external,
    env,
  });
  return node.start();
}

/**
 * Starts `size` nodes that form one cluster on loopback, each with its own HTTP port and data
 * directory, against the same PostgreSQL and Redis. Resolves when every node is ready.
 */
async function startCluster({ name = 'cluster', size = 3, env = {} } = {}) {
  if (process.env.TANDEM_TEST_URL) throw new Error('startCluster cannot use TANDEM_TEST_URL');
  nodeCounter += 1;
  const unique = `${name}-${process.pid}-${nodeCounter}`;
  const clusterPorts = [];
  for (let i = 0; i < size; i++) clusterPorts.push(await freePort());
  const members = clusterPorts.map((port) => `127.0.0.1:${port}`).join(',');
  const nodes = [];
  for (let i = 0; i < size; i++) {
    nodes.push(new TandemNode({
      name: `${unique}-${i + 1}`,
      httpPort: await freePort(),
      clusterPort: clusterPorts[i],
      dataDir: path.join(DATA_ROOT, `${unique}-${i + 1}`),
      external: null,
      members,
      clusterName: `tandem-test-${unique}`,
      env,
    }));
  }
  await Promise.all(nodes.map((node) => node.start()));
  return nodes;
}

module.exports = { startNode, startCluster, TandemNode, freePort, httpGet, sleep, REPO_ROOT };
