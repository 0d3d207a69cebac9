// JSON written the way Go's json.Marshal writes a decoded value (the same
// rules as src/core/gojson_encode.cpp): object keys sorted by their UTF-8
// bytes, no whitespace, every number a double printed like ECMAScript does
// (Go and JS agree, except that Go writes -0), HTML-safe string escapes.

const utf8 = new TextEncoder();
const HEX = "0123456789abcdef";

function compareBytes(a, b) {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export function goString(s) {
  let out = '"';
  for (const ch of String(s)) {
    const c = ch.codePointAt(0);
    if (c === 0x22 || c === 0x5c) out += "\\" + ch;
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) out += "\\u00" + HEX[c >> 4] + HEX[c & 15];
    else if (c === 0x2028) out += "\\u2028";
    else if (c === 0x2029) out += "\\u2029";
    // A lone surrogate is what the server's decoder makes U+FFFD of.
    else if (c >= 0xd800 && c <= 0xdfff) out += "\ufffd";
    else out += ch;
  }
  return out + '"';
}

export function goNumber(x) {
  if (!Number.isFinite(x)) return "null";
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

export function goJson(v) {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
      return goNumber(v);
    case "bigint":
      return goNumber(Number(v));
    case "string":
      return goString(v);
    case "object":
      break;
    default:
      return "null";
  }
  if (Array.isArray(v)) return "[" + v.map(goJson).join(",") + "]";
  // Keys JSON.stringify would drop never reach the server either.
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && typeof v[k] !== "function" && typeof v[k] !== "symbol");
  keys.sort(compareBytes);
  return "{" + keys.map((k) => goString(k) + ":" + goJson(v[k])).join(",") + "}";
}
