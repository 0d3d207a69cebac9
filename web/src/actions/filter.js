// The results filter: words separated by spaces, every word must match
// (case-insensitive substring of any column); "column:text" looks in that
// column only ("outcome:found path:/etc"). Quotes keep spaces in a word:
// path:"/my dir". An empty filter keeps every row.
export function parseFilter(text) {
  const terms = [];
  const re = /(?:([A-Za-z0-9_]+):)?(?:"([^"]*)"?|(\S+))/g;
  let m;
  while ((m = re.exec(String(text || ""))) !== null) {
    const value = (m[2] !== undefined ? m[2] : m[3] || "").toLowerCase();
    if (m[1] === undefined && value === "") continue;
    terms.push({ column: m[1] ? m[1].toLowerCase() : null, value, raw: m[0].toLowerCase() });
  }
  return terms;
}

export function filterRows(rows, text, columns) {
  const terms = parseFilter(text);
  if (terms.length === 0) return rows;
  const keys = columns.map((c) => c.key);
  return rows.filter((row) =>
    terms.every((t) => {
      if (t.column !== null) {
        const key = keys.find((k) => k.toLowerCase() === t.column);
        // Not a column ("http://..."): the whole word is text.
        if (key === undefined) return keys.some((k) => cell(row[k]).includes(t.raw));
        return cell(row[key]).includes(t.value);
      }
      return keys.some((k) => cell(row[k]).includes(t.value));
    }),
  );
}

function cell(v) {
  return v === undefined || v === null ? "" : String(v).toLowerCase();
}
