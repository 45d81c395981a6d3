/**
 * Canonical JSON in the style of RFC 8785 (JCS): object keys sorted by UTF-16 code units,
 * no insignificant whitespace, strings escaped as JSON.stringify does (which matches JCS),
 * numbers in ECMAScript shortest form. Anything hashed goes through here so that the same
 * event always yields the same bytes, whatever order its keys were built in.
 *
 * Encoding is most of verify's cost (BENCHMARKS.md, verify), so plain JSON values — what
 * JSON.parse returns, which is every event read back from the store — take a fast path: a copy
 * with each object's keys inserted in sorted order, printed by the native JSON.stringify (which
 * keeps insertion order for such keys and escapes exactly as the general encoder does). Anything
 * else (undefined, toJSON, non-finite numbers, keys JavaScript would reorder) goes through the
 * general encoder, which the fast path must equal byte for byte (canonical-json.unit.spec.ts).
 */
export function canonicalJson(value: unknown): string {
  const sorted = sortedPlainCopy(value);
  return sorted === NOT_PLAIN ? generalCanonicalJson(value) : JSON.stringify(sorted);
}

/**
 * canonicalJson of an object whose keys are `sortedKeys` (already in canonical order, none of
 * them index-like or "__proto__"), taking their values from `values` — without building the
 * object first and sorting its keys: what encoding an event's hashed content needs, once per
 * event. Undefined when a value is not plain JSON; the caller then encodes in full.
 */
export function canonicalJsonOfMembers(sortedKeys: readonly string[], values: readonly unknown[]): string | undefined {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < sortedKeys.length; i++) {
    const v = sortedPlainCopy(values[i]);
    if (v === NOT_PLAIN) return undefined;
    out[sortedKeys[i]] = v;
  }
  return JSON.stringify(out);
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

/** Digits 0-9: a key starting with one may be an array index, which objects enumerate first. */
function mayBeIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/**
 * value with its objects' keys in canonical order, or NOT_PLAIN when JSON.stringify of such a
 * copy could differ from the general encoder: undefined, functions, symbols, bigints and
 * non-finite numbers (encoded differently or refused there), objects with toJSON (Date), and
 * index-like keys (own properties named "0".."4294967294" enumerate in numeric order, whatever
 * order they were inserted in), and "__proto__" (assigning it to the copy would set its
 * prototype; a prototype-less copy would be a slow dictionary-mode object for every event).
 */
function sortedPlainCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (Array.isArray(value)) {
        let out: unknown[] | undefined; // a copy only once an element needs one
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          const c = sortedPlainCopy(v);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          if (c !== v && out === undefined) out = value.slice(0, i);
          if (out !== undefined) out.push(c);
        }
        return out ?? value;
      }
      const obj = value as Record<string, unknown>;
      if (typeof obj.toJSON === 'function') return NOT_PLAIN;
      const keys = Object.keys(obj);
      // An object whose keys are already in order, with values that need no copy, is its own
      // copy (JSON.stringify prints own keys in order): no allocation for most small objects.
      let inOrder = true;
      for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1] < keys[i];
      if (inOrder) {
        let same = true;
        const values = new Array<unknown>(keys.length);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (mayBeIndex(k) || k === '__proto__') return NOT_PLAIN;
          const v = obj[k];
          const c = sortedPlainCopy(v);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          values[i] = c;
          if (c !== v) same = false;
        }
        if (same) return obj;
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
        return out;
      }
      keys.sort();
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (mayBeIndex(k) || k === '__proto__') return NOT_PLAIN;
        const v = sortedPlainCopy(obj[k]);
        if (v === NOT_PLAIN) return NOT_PLAIN;
        out[k] = v;
      }
      return out;
    }
    default:
      return NOT_PLAIN;
  }
}

/** The general encoder, for any value: loops building one string (~1.4× filter/map/join). */
export function generalCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not representable in JSON');
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const v = value[i];
          out += v === undefined ? 'null' : generalCanonicalJson(v);
        }
        return out + ']';
      }
      const obj = value as Record<string, unknown>;
      if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return generalCanonicalJson((obj as { toJSON: () => unknown }).toJSON());
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += JSON.stringify(k) + ':' + generalCanonicalJson(v);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonicalJson: unsupported type ${typeof value}`);
  }
}
