/*
 * tandem-types.js: adds transformPresence to the sharedb client's text-unicode and json0 types,
 * so that document presence (cursors and selections) works on documents of those types. The npm
 * packages ot-text-unicode 4.0.0 and ot-json0 1.1.0 have no transformPresence of their own. The
 * results match the Tandem server's Java types for the same presence, op and isOwnOp.
 *
 * Presence shapes and units:
 *   text-unicode  {index, length}: a range in Unicode code points. Other keys are kept.
 *   json0         {p: [path], index, length}: the value at path p; index and length are optional
 *                 and, when given, a range in UTF-16 code units of the string at p. Other keys are
 *                 kept. The result is null when the op deletes or replaces that value or one of
 *                 its parents. An embedded subtype op on that string drops index and length,
 *                 because the subtype may count in other units.
 * A null presence stays null. An insert exactly at a cursor moves that cursor only when the op
 * is the client's own (isOwnOp true). A cursor inside a deleted range moves to its start.
 *
 * Usage from Node:
 *   const ShareDB = require('sharedb/lib/client');
 *   const TandemTypes = require('./tandem-types.js');
 *   TandemTypes.register(ShareDB, {
 *     textUnicode: require('ot-text-unicode').type,
 *     json0: require('ot-json0').type,
 *   });
 * In a browser, a script tag defines the global TandemTypes with the same functions.
 *
 * Ops are checked less fully than on the server, because the server has checked every op a client
 * receives. A malformed presence throws an Error.
 */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.TandemTypes = factory();
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var MAX_COUNT = 9007199254740992; // 2^53, the largest count the server accepts
  var MAX_INT = 2147483647; // the server keeps json0 indexes as 32-bit integers
  var hasOwn = Object.prototype.hasOwnProperty;

  function has(object, key) {
    return hasOwn.call(object, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function describe(value) {
    return value === undefined ? 'nothing' : JSON.stringify(value);
  }

  // Counts the code points of a string: a surrogate pair counts once.
  function codePointLength(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  // Copies the own keys of a presence object, values as they are.
  function copyKeys(presence) {
    var copy = {};
    for (var key in presence) {
      if (has(presence, key)) copy[key] = presence[key];
    }
    return copy;
  }

  // ---- text-unicode: {index, length} in code points ----

  function rangeCount(range, key, typeName) {
    var value = range[key];
    if (typeof value !== 'number' || !isFinite(value) || Math.floor(value) !== value
        || value < 0 || value > MAX_COUNT) {
      throw new Error(typeName + ' presence "' + key + '" must be an integer from 0 to 2^53, got '
        + describe(value));
    }
    return value;
  }

  // Moves a code point cursor across a text-unicode op. An insert exactly at the cursor moves it
  // only without priority. A delete around the cursor moves it to the delete's start.
  function transformCursor(op, cursor, priority) {
    var position = cursor;
    var offset = 0;
    for (var i = 0; i < op.length; i++) {
      if (offset > position) break;
      var c = op[i];
      if (typeof c === 'number') {
        offset += c;
      } else if (typeof c === 'string') {
        var inserted = codePointLength(c);
        if (offset < position || !priority) position += inserted;
        offset += inserted;
      } else if (isPlainObject(c) && has(c, 'd')) {
        var deleted = typeof c.d === 'number' ? c.d : codePointLength(String(c.d));
        position -= Math.min(deleted, position - offset);
      } else {
        throw new Error('invalid text-unicode op component ' + i
          + ': expected a skip count, an insert string or a delete {d}, got ' + describe(c));
      }
    }
    return position;
  }

  function transformTextUnicodePresence(presence, op, isOwnOp) {
    if (presence === null || presence === undefined) return null;
    if (!isPlainObject(presence)) {
      throw new Error('text-unicode presence must be a range {"index", "length"}, got ' + describe(presence));
    }
    if (!Array.isArray(op)) throw new Error('text-unicode op must be a list of components, got ' + describe(op));
    var index = rangeCount(presence, 'index', 'text-unicode');
    var length = rangeCount(presence, 'length', 'text-unicode');
    var start = transformCursor(op, index, !isOwnOp);
    var end = transformCursor(op, index + length, !isOwnOp);
    var moved = copyKeys(presence);
    moved.index = start;
    moved.length = end - start;
    return moved;
  }

  // ---- json0: {p: [path], index, length}, the range in UTF-16 code units ----

  // Returns value as a list index, or -1 when it is not an integer from 0 to 2^31 - 1.
  function toIndex(value) {
    if (typeof value !== 'number' || Math.floor(value) !== value || value < 0 || value > MAX_INT) return -1;
    return value;
  }

  function presenceCount(presence, key, optional) {
    if (optional && !has(presence, key)) return 0;
    var value = toIndex(presence[key]);
    if (value < 0) {
      throw new Error('json0 presence ' + key + ' must be a non-negative integer, got ' + describe(presence[key]));
    }
    return value;
  }

  function samePath(a, b, length) {
    if (a.length < length || b.length < length) return false;
    for (var i = 0; i < length; i++) {
      if (a[i] !== b[i]) return false;
    }
    return true;
  }

  function movedIndex(position, from, to) {
    if (position === from) return to;
    var moved = position > from ? position - 1 : position;
    return moved >= to ? moved + 1 : moved;
  }

  // Moves a UTF-16 offset across one si or sd. An insert at the same offset pushes it only when
  // insertAfter. An offset inside a deleted range moves to the start of that range.
  // NOTE: the server adds offsets as 32-bit integers, so past 2^31 - 1 its results wrap and differ.
  function transformOffset(offset, at, inserted, deleted, insertAfter) {
    if (inserted !== null) {
      var before = at < offset || (at === offset && insertAfter);
      return before ? offset + inserted.length : offset;
    }
    if (offset <= at) return offset;
    if (offset <= at + deleted.length) return at;
    return offset - deleted.length;
  }

  // Moves the cursor {path, index, length} across one component. Returns false when the value it
  // points to was deleted or replaced.
  function moveAcross(cursor, c, isOwnOp) {
    var cPath = c.p;
    if (typeof c.si === 'string' || typeof c.sd === 'string') {
      if (cursor.index !== null && cPath.length - 1 === cursor.path.length
          && samePath(cPath, cursor.path, cursor.path.length)) {
        var at = cPath[cPath.length - 1];
        var inserted = typeof c.si === 'string' ? c.si : null;
        var deleted = typeof c.sd === 'string' ? c.sd : null;
        var start = transformOffset(cursor.index, at, inserted, deleted, isOwnOp);
        var end = transformOffset(Math.min(cursor.index + cursor.length, MAX_INT), at, inserted, deleted, isOwnOp);
        cursor.index = start;
        cursor.length = end - start;
      }
      return true;
    }
    if (has(c, 't') || has(c, 'o')) {
      if (cPath.length === cursor.path.length && samePath(cPath, cursor.path, cPath.length)) {
        cursor.index = null;
        cursor.length = null;
      }
      return true;
    }
    if (has(c, 'na')) return true;

    var depth = cPath.length - 1;
    if (depth < 0) return false; // only a whole-document replace acts on the root
    if (cursor.path.length <= depth || !samePath(cursor.path, cPath, depth)) return true;

    var element = cursor.path[depth];
    var last = cPath[depth];
    var isList = has(c, 'li') || has(c, 'ld') || has(c, 'lm');
    if (!isList) return !(has(c, 'od') && element === last);
    if (typeof element !== 'number') return true;

    if (has(c, 'lm')) {
      cursor.path[depth] = movedIndex(element, last, c.lm);
    } else if (has(c, 'li') && has(c, 'ld')) {
      return last !== element;
    } else if (has(c, 'li')) {
      if (last <= element) cursor.path[depth] = element + 1;
    } else {
      if (last === element) return false;
      if (last < element) cursor.path[depth] = element - 1;
    }
    return true;
  }

  function transformJson0Presence(presence, op, isOwnOp) {
    if (presence === null || presence === undefined) return null;
    if (!isPlainObject(presence) || !Array.isArray(presence.p)) {
      throw new Error('json0 presence must be an object with a path list p, got ' + describe(presence));
    }
    if (!Array.isArray(op)) throw new Error('json0 op must be a list of components, got ' + describe(op));
    var cursor = { path: [], index: null, length: null };
    for (var i = 0; i < presence.p.length; i++) {
      var element = presence.p[i];
      if (typeof element !== 'string' && toIndex(element) < 0) {
        throw new Error('json0 presence path element ' + describe(element)
          + ' must be an object key or a non-negative integer index');
      }
      cursor.path.push(element);
    }
    if (has(presence, 'index') || has(presence, 'length')) {
      cursor.index = presenceCount(presence, 'index', false);
      cursor.length = presenceCount(presence, 'length', true);
    }
    for (var j = 0; j < op.length; j++) {
      var c = op[j];
      if (!isPlainObject(c) || !Array.isArray(c.p)) {
        throw new Error('json0 op component ' + j + ' must be an object with a path list p, got ' + describe(c));
      }
      if (!moveAcross(cursor, c, isOwnOp)) return null;
    }
    var result = JSON.parse(JSON.stringify(presence));
    result.p = cursor.path;
    if (cursor.index !== null) {
      result.index = cursor.index;
      result.length = cursor.length;
    } else {
      delete result.index;
      delete result.length;
    }
    return result;
  }

  // ---- wrapping and registering the types ----

  function withPresence(base, transformPresence) {
    if (!base || typeof base.name !== 'string') throw new Error('invalid OT type: expected an object with a name, got ' + describe(base));
    var copy = {};
    for (var key in base) {
      if (has(base, key)) copy[key] = base[key];
    }
    copy.transformPresence = transformPresence;
    return copy;
  }

  /**
   * Returns copies of the given base types with transformPresence added: {textUnicode, json0},
   * each present only when given.
   */
  function types(bases) {
    var result = {};
    if (bases && bases.textUnicode) result.textUnicode = withPresence(bases.textUnicode, transformTextUnicodePresence);
    if (bases && bases.json0) result.json0 = withPresence(bases.json0, transformJson0Presence);
    return result;
  }

  /**
   * Registers the copies from types(bases) with ShareDB.types.register and returns them. The json0
   * copy also replaces ShareDB.types.defaultType when it has the default type's URI, because the
   * client rejects the server's handshake when the type registered under that URI is not the
   * default type.
   */
  function register(ShareDB, bases) {
    if (!ShareDB || !ShareDB.types || typeof ShareDB.types.register !== 'function') {
      throw new Error('invalid ShareDB argument: expected the sharedb client module, which has types.register');
    }
    var result = types(bases);
    if (result.textUnicode) ShareDB.types.register(result.textUnicode);
    if (result.json0) {
      ShareDB.types.register(result.json0);
      var defaultType = ShareDB.types.defaultType;
      if (defaultType && defaultType.uri === result.json0.uri) ShareDB.types.defaultType = result.json0;
    }
    return result;
  }

  return {
    types: types,
    register: register,
    transformTextUnicodePresence: transformTextUnicodePresence,
    transformJson0Presence: transformJson0Presence,
  };
}));
