// Target errors: the API says "... invalid target: REASON at byte N" with
// N a byte offset into the UTF-8 target; the page needs a character index.

// N from an API message, or null when it names no byte.
export function errorByteOffset(message) {
  const m = /at byte (\d+)/.exec(String(message || ""));
  return m ? Number(m[1]) : null;
}

// UTF-8 byte offset -> index into the JavaScript (UTF-16) string. An offset
// inside a character points at that character; past the end, the end.
export function byteOffsetToIndex(text, offset) {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i);
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > offset) return i;
    bytes += size;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.length;
}

// The first line of the message (the API adds a caret line after it).
export function errorFirstLine(message) {
  return String(message || "").split("\n")[0];
}
