'use strict';
// A seeded generator of hostile ShareDB protocol messages: plausible requests for every action and
// type, then mutated with wrong types, extreme numbers, lone surrogates, deep nesting and broken
// framing. The same seed yields the same messages, so a failure can be replayed.

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPE_NAMES = ['text-unicode', 'http://sharejs.org/types/text-unicode', 'json0', 'http://sharejs.org/types/JSONv0',
  'rich-text', 'http://sharejs.org/types/rich-text/v1', 'text', 'no-such-type'];
const ACTIONS = ['hs', 'f', 's', 'u', 'bf', 'bs', 'bu', 'op', 'op', 'op', 'op', 'nf', 'nt', 'p', 'ps', 'pu', 'pr',
  'qf', 'qs', 'qu', 'pp', 'unknown'];

/**
 * Values that JSON.stringify cannot write (numbers past double range, very long digit strings).
 * A generated value of the form RAW_PREFIX + index is replaced by the raw token after encoding.
 */
const RAW_PREFIX = '\u0001raw:';
const RAW_TOKENS = ['1e400', '-1e400', '123456789012345678901234567890123456789', '9'.repeat(70), '-0', '1E+2',
  '0.0000000000000000000000000001', '18446744073709551616', '-9223372036854775809'];

function commonPrefix(names) {
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (prefix.length < 8) throw new Error(`the fuzz collections share only the prefix '${prefix}'; give them a unique one`);
  return prefix;
}

class MessageFuzzer {
  /**
   * @param random a function returning floats in [0, 1)
   * @param collections the collections this fuzzer may write to; they share a unique prefix, and no
   *     storable collection name outside that prefix is ever sent
   * @param docIds document ids within them
   */
  constructor(random, collections, docIds) {
    this.random = random;
    this.collections = collections;
    this.prefix = commonPrefix(collections);
    this.docIds = docIds;
    this.seq = 0;
  }

  int(n) {
    return Math.floor(this.random() * n);
  }

  chance(p) {
    return this.random() < p;
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  text() {
    switch (this.int(9)) {
      case 0: return '';
      case 1: return '\ud800'; // lone high surrogate
      case 2: return 'a\udc00b'; // lone low surrogate
      case 3: return '😀'.repeat(1 + this.int(20));
      case 4: return 'nul\u0000byte';
      case 5: return 'x'.repeat(this.chance(0.1) ? 70000 : 1 + this.int(200));
      case 6: return '\u{10ffff}\u200b\ufeff\u0301';
      case 7: return RAW_PREFIX + this.int(RAW_TOKENS.length); // ends as a raw number where a string was
      default: return `w${this.int(1000)}`;
    }
  }

  number() {
    switch (this.int(12)) {
      case 0: return -1;
      case 1: return -this.int(1e6) - 2;
      case 2: return 2 ** 53;
      case 3: return 2 ** 53 + 2;
      case 4: return Number.MAX_VALUE;
      case 5: return 0.5;
      case 6: return 2 ** 31;
      case 7: return 2 ** 63;
      case 8: return RAW_PREFIX + this.int(RAW_TOKENS.length);
      case 9: return 0;
      default: return this.int(50);
    }
  }

  nested(depth) {
    let value = this.chance(0.5) ? 1 : 'leaf';
    for (let i = 0; i < depth; i++) value = this.chance(0.5) ? [value] : { k: value };
    return value;
  }

  /** Returns a value of any JSON type, often hostile. */
  hostile() {
    switch (this.int(10)) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.number();
      case 3: return this.text();
      case 4: return [];
      case 5: return {};
      case 6: return this.nested(this.chance(0.2) ? 63 + this.int(4) : this.int(12));
      case 7: return [this.number(), this.text()];
      case 8: return { p: [this.text()], oi: this.text() };
      default: return this.pick(this.collections);
    }
  }

  collection() {
    return this.chance(0.97) ? this.pick(this.collections) : this.hostileIdentifier();
  }

  docId() {
    return this.chance(0.95) ? this.pick(this.docIds) : this.hostileIdentifier();
  }

  /** An id that the node must reject, or that is this fuzzer's own once confine() prefixes it. */
  hostileIdentifier() {
    return this.pick(['', '\ud800', 'a\u0000b', '../../etc', 'x'.repeat(2000), '😀', ' ', 'a/b', '%00', 'fz-\udfff']);
  }

  /** Mostly a version near the head of a young document, so that many ops reach the OT type. */
  version() {
    if (this.chance(0.6)) return this.int(4);
    return this.chance(0.6) ? this.int(40) : this.number();
  }

  textUnicodeOp() {
    const op = [];
    for (let i = 0, n = 1 + this.int(4); i < n; i++) {
      switch (this.int(4)) {
        case 0: op.push(this.int(30)); break;
        case 1: op.push({ d: this.chance(0.8) ? 1 + this.int(5) : this.text() }); break;
        case 2: op.push(this.chance(0.5) ? this.text() : this.number()); break;
        default: op.push(`t${this.int(100)}`);
      }
    }
    return op;
  }

  path() {
    const path = [];
    for (let i = 0, n = this.int(4); i < n; i++) path.push(this.chance(0.5) ? this.int(5) : this.pick(['a', 'b', 'list', 'n']));
    if (this.chance(0.1)) path.push(this.hostile());
    return path;
  }

  json0Component() {
    const p = this.path();
    switch (this.int(11)) {
      case 0: return { p, oi: this.hostile() };
      case 1: return { p, od: this.hostile() };
      case 2: return { p, od: this.hostile(), oi: this.hostile() };
      case 3: return { p, li: this.hostile() };
      case 4: return { p, ld: this.hostile() };
      case 5: return { p, lm: this.chance(0.8) ? this.int(5) : this.number() };
      case 6: return { p: [...p, this.int(10)], si: this.text() };
      case 7: return { p: [...p, this.int(10)], sd: this.text() };
      case 8: return { p, na: this.chance(0.7) ? this.int(10) : this.number() };
      case 9: return { p, t: this.pick(['text0', 'text-unicode', 'rich-text', 'nope']), o: this.textUnicodeOp() };
      default: return { p, [this.text()]: this.hostile() };
    }
  }

  json0Op() {
    const op = [];
    for (let i = 0, n = 1 + this.int(3); i < n; i++) op.push(this.json0Component());
    return op;
  }

  richTextOp() {
    const ops = [];
    for (let i = 0, n = 1 + this.int(4); i < n; i++) {
      switch (this.int(6)) {
        case 0: ops.push({ retain: this.chance(0.8) ? this.int(20) : this.number() }); break;
        case 1: ops.push({ delete: this.chance(0.8) ? 1 + this.int(5) : this.number() }); break;
        case 2: ops.push({ insert: this.text(), attributes: { bold: this.hostile() } }); break;
        case 3: ops.push({ insert: { image: this.text() } }); break;
        case 4: ops.push({ retain: this.int(5), attributes: { [this.text()]: this.hostile() } }); break;
        default: ops.push({ insert: `r${this.int(100)}` });
      }
    }
    return this.chance(0.5) ? ops : { ops };
  }

  opBody() {
    switch (this.int(3)) {
      case 0: return this.textUnicodeOp();
      case 1: return this.json0Op();
      default: return this.richTextOp();
    }
  }

  createData(typeName) {
    if (typeName.includes('JSON') || typeName === 'json0') return { list: [1, 2], n: 0, a: { b: 'text' } };
    if (typeName.includes('rich')) return [{ insert: 'rich\n' }];
    return this.chance(0.8) ? 'plain text' : this.hostile();
  }

  presenceValue() {
    switch (this.int(5)) {
      case 0: return null;
      case 1: return { index: this.int(20), length: this.int(5) };
      case 2: return { start: this.int(20), end: this.number() };
      case 3: return { p: this.path(), start: this.int(3), end: this.int(3) };
      default: return this.hostile();
    }
  }

  /** Returns a plausible request for one action, before mutation. */
  base(action) {
    const c = this.collection();
    const d = this.docId();
    switch (action) {
      case 'hs': return { a: 'hs', protocol: this.chance(0.8) ? 1 : this.hostile(), protocolMinor: 2, id: this.chance(0.5) ? null : this.text() };
      case 'f': case 's': return this.chance(0.5) ? { a: action, c, d } : { a: action, c, d, v: this.version() };
      case 'u': return { a: 'u', c, d };
      case 'bf': case 'bs': case 'bu': {
        const ids = [this.docId(), this.docId()];
        return { a: action, c, b: this.chance(0.5) ? ids : { [ids[0]]: this.version(), [ids[1]]: this.version() } };
      }
      case 'op': {
        this.seq += 1;
        const seq = this.chance(0.9) ? this.seq : this.number();
        const kind = this.int(10);
        if (kind < 3) {
          const type = this.pick(TYPE_NAMES);
          return { a: 'op', c, d, v: this.chance(0.5) ? null : this.version(), seq, create: { type, data: this.createData(type) } };
        }
        if (kind === 3) return { a: 'op', c, d, v: this.version(), seq, del: this.chance(0.8) ? true : this.hostile() };
        return { a: 'op', c, d, v: this.version(), seq, op: this.opBody() };
      }
      case 'nf': return { a: 'nf', id: this.int(1000), c, d, v: this.version() };
      case 'nt': return { a: 'nt', id: this.int(1000), c, d, ts: this.chance(0.5) ? Date.now() : this.number() };
      case 'p': {
        const message = { a: 'p', ch: this.chance(0.7) ? `${c}.${d}` : this.text(), id: this.text(), p: this.presenceValue(), pv: this.int(100) };
        if (this.chance(0.7)) Object.assign(message, { c, d, v: this.version(), t: this.pick(TYPE_NAMES) });
        return message;
      }
      case 'ps': case 'pu': return { a: action, ch: this.chance(0.8) ? `${c}.${d}` : this.hostile(), seq: this.int(1000) };
      case 'pr': return { a: 'pr', ch: `${c}.${d}` };
      case 'qf': case 'qs': case 'qu': return { a: action, id: this.int(100), c, q: { $sort: { a: 1 } } };
      case 'pp': return { a: 'pp' };
      default: return { a: this.pick(['x', '', 'OP', 'hs ', 'constructor', '__proto__', '\ud800']) };
    }
  }

  /** Replaces, removes or adds one field, or a value somewhere inside the op. */
  mutate(message) {
    const keys = Object.keys(message);
    switch (this.int(6)) {
      case 0: delete message[this.pick(keys)]; break;
      case 1: message[this.pick(keys)] = this.hostile(); break;
      case 2: message[this.pick(['a', 'c', 'd', 'v', 'seq', 'src', 'op', 'create', 'del', 'b', 'ch', 'id', 'p', 'pv', 't', 'ts'])] = this.hostile(); break;
      case 3: message.a = this.pick(ACTIONS); break;
      case 4: if (Array.isArray(message.op) && message.op.length > 0) message.op[this.int(message.op.length)] = this.hostile(); break;
      default: message.src = this.chance(0.5) ? this.text() : this.hostile();
    }
    return message;
  }

  encode(message) {
    return JSON.stringify(message).replace(/"\\u0001raw:(\d+)"/g, (_, index) => RAW_TOKENS[Number(index)]);
  }

  /** Breaks the framing or the JSON syntax of an encoded message. */
  corrupt(text) {
    switch (this.int(9)) {
      case 0: return { data: text.slice(0, this.int(text.length)), binary: false };
      case 1: return { data: Buffer.concat([Buffer.from(text.slice(0, 10)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(text.slice(10))]), binary: false };
      case 2: return { data: Buffer.from([0xed, 0xa0, 0x80]), binary: false }; // a surrogate encoded as UTF-8 (CESU)
      case 3: return { data: Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), binary: false }; // overlong encodings
      case 4: return { data: Buffer.from(text), binary: true };
      case 5: return { data: '[' .repeat(10000) + ']'.repeat(10000), binary: false };
      case 6: return { data: this.pick(['', ' ', 'null', '[]', '42', '"hs"', '{}', '{"a":"op","a":"f"}', '{"a":1e999999}']), binary: false };
      case 7: return { data: `${text}${text}`, binary: false };
      default: return { data: text.replace(/"/, "'"), binary: false };
    }
  }

  /**
   * Keeps the fuzzer in its own collections: a mutation may have put any string in 'c', and a
   * valid collection name outside this fuzzer's prefix could be another test's.
   */
  confine(message) {
    const c = message && message.c;
    const storable = typeof c === 'string' && c.length > 0 && c.length <= 256 && !c.includes('/')
      && !c.includes('\u0000') && c.isWellFormed() && !c.startsWith(RAW_PREFIX);
    if (storable && !c.startsWith(this.prefix)) message.c = this.prefix + c;
    return message;
  }

  /** Returns the next message to send: {data: string or Buffer, binary: boolean, action}. */
  next() {
    const action = this.pick(ACTIONS);
    let message = this.base(action);
    for (let i = 0, n = this.chance(0.5) ? 0 : 1 + this.int(3); i < n; i++) message = this.mutate(message);
    if (this.chance(0.03)) message = this.hostile();
    message = this.confine(message);
    const text = this.encode(message);
    if (this.chance(0.04)) return { ...this.corrupt(text), action };
    return { data: text, binary: false, action };
  }
}

module.exports = { seededRandom, MessageFuzzer, ACTIONS };
