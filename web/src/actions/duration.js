// Validity windows as `mig -e` writes them: Go durations ("5m", "1h30m",
// "90s", "2h"). Whole seconds only; the result is in seconds.
const UNITS = { h: 3600, m: 60, s: 1 };

export function parseDuration(text) {
  const s = String(text || "").trim();
  if (!/^(\d+(\.\d+)?[hms])+$/.test(s)) {
    throw new Error(`invalid duration "${s}": write it like 5m, 1h or 1h30m`);
  }
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)([hms])/g)) total += Number(m[1]) * UNITS[m[2]];
  total = Math.round(total);
  if (total < 1) throw new Error(`invalid duration "${s}": at least 1s`);
  return total;
}

export function formatDuration(seconds) {
  let s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return (h ? `${h}h` : "") + (m ? `${m}m` : "") + (s || (!h && !m) ? `${s}s` : "");
}
