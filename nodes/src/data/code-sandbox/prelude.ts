// JavaScript evaluated in every fresh QuickJS context before the author's code. It turns the plain
// strings the host hands in into the globals the code reads, and back: the result and any error
// leave the realm as JSON text only, made here, so no QuickJS object is ever read by the host.
//
// It is a function of host-made values: `hostLog(level, text)` and `hostHttp(json)` (or undefined)
// are host functions that only accept strings; `contextJson` is the JSON of the globals. It returns
// `{ settle(value) → JSON text, describe(error) → JSON text }` for the host to call at the end.

export const PRELUDE_FILE = 'prelude.js';
/** The file name the author's code is evaluated under; error lines are read from its stack frames. */
export const CODE_FILE = 'code.js';

export const PRELUDE = String.raw`(function (hostLog, hostHttp, contextJson, maxLineChars, maxResultChars) {
  'use strict';
  const { parse, stringify } = JSON;
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });

  const data = parse(contextJson);
  for (const name of ['input', 'trigger', 'steps', 'contact', 'workflow', 'execution']) define(name, data[name]);

  function show(value) {
    if (typeof value === 'string') return value;
    try {
      if (value instanceof Error) return String(value.name) + ': ' + String(value.message);
      const json = stringify(value);
      if (typeof json === 'string') return json;
    } catch {}
    try { return String(value); } catch { return '[value that cannot be shown]'; }
  }
  const writer = (level) => (...args) => {
    const parts = [];
    let length = 0;
    for (const arg of args) {
      const part = show(arg);
      parts.push(part);
      length += part.length + 1;
      if (length > maxLineChars) break;
    }
    hostLog(level, parts.join(' ').slice(0, maxLineChars));
  };
  define('console', { log: writer('info'), info: writer('info'), debug: writer('debug'), warn: writer('warn'), error: writer('error') });

  if (hostHttp) {
    define('http', async function http(request) {
      const json = stringify(request);
      if (typeof json !== 'string' || json[0] !== '{') throw new TypeError('http() takes a request object, such as { url: "https://…" }');
      return parse(await hostHttp(json));
    });
  }

  const where = (key) => (key === '' ? 'as the result' : 'at "' + key + '"');
  function settle(value) {
    const json = stringify(value === undefined ? null : value, function (key, item) {
      const type = typeof item;
      if (type === 'function' || type === 'symbol' || type === 'bigint') throw new TypeError('a ' + type + ' ' + where(key) + ' is not JSON');
      return item;
    });
    if (typeof json !== 'string') return 'null';
    if (json.length > maxResultChars) throw new RangeError('it is ' + json.length + ' characters of JSON; at most ' + maxResultChars + ' are kept');
    return json;
  }

  function lineOf(error) {
    if (error.fileName === 'code.js' && typeof error.lineNumber === 'number') return error.lineNumber;
    const match = /code\.js:(\d+)/.exec(String(error.stack));
    return match ? Number(match[1]) : undefined;
  }
  function describe(error) {
    try {
      if (error instanceof Error) {
        return stringify({ name: String(error.name), message: String(error.message).slice(0, maxLineChars), line: lineOf(error) });
      }
    } catch {}
    return stringify({ value: show(error).slice(0, maxLineChars) });
  }

  return { settle, describe };
})`;
