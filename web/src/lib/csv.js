// CSV export (RFC 4180: comma, CRLF, quotes doubled). A cell starting with
// = + - @ (or a tab/CR a spreadsheet skips before them) is prefixed with '
// so that opening the file never runs a formula an agent's data planted.

const risky = /^[=+\-@\t\r]/;

export function csvCell(value) {
  let text;
  if (value === undefined || value === null) text = "";
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  // A number is never a formula (and -5 must stay -5).
  if (typeof value !== "number" && risky.test(text)) text = "'" + text;
  if (/[",\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"';
  return text;
}

// rows: array of objects; columns: array of keys, or of {key, label} (a
// key may be a function row -> value). The header row holds the labels.
export function toCsv(rows, columns) {
  const cols = columns.map((c) => (typeof c === "string" ? { key: c, label: c } : { label: String(c.key), ...c }));
  const value = (row, c) => (typeof c.key === "function" ? c.key(row) : row?.[c.key]);
  const lines = [cols.map((c) => csvCell(c.label)).join(",")];
  for (const row of rows) lines.push(cols.map((c) => csvCell(value(row, c))).join(","));
  return lines.join("\r\n") + "\r\n";
}
