// Small display helpers shared by the pages.

// "2026-12-03T10:00:00Z" -> "2026-12-03 10:00:00 UTC"; MIG's zero and
// sentinel times (year 1 or 9998+) -> "".
export function when(text) {
  if (!text || typeof text !== "string") return "";
  const t = Date.parse(text);
  if (Number.isNaN(t)) return text;
  const y = new Date(t).getUTCFullYear();
  if (y <= 1 || y >= 9998) return "";
  return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

// How long ago, roughly: "12 s ago", "5 min ago", "3 h ago", "2 d ago".
export function ago(text, now = Date.now()) {
  const t = Date.parse(text || "");
  if (Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1) return "never";
  const s = Math.round((now - t) / 1000);
  if (s < 0) return "in the future";
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

// UTF-8 byte offset (what the API's target errors count) -> string index.
export function byteToIndex(text, byteOffset) {
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    if (bytes >= byteOffset) return i;
    bytes += new TextEncoder().encode(ch).length;
    i += ch.length;
  }
  return text.length;
}

// "... invalid target: REASON at byte N\n<caret line>" -> {message, offset}
// (offset null when the API named none). The caret line is dropped: the
// page marks the place itself.
export function targetError(message) {
  const first = String(message || "").split("\n")[0];
  const m = / at byte (\d+)\b/.exec(first);
  return { message: first, offset: m ? Number(m[1]) : null };
}
