// Screen-space clustering of map markers: a grid of cells `radius` pixels
// wide, then cells whose centres lie within `radius` of a seed cell's centre
// are merged into the seed (seeds taken in a fixed order). Deterministic
// (the same points give the same clusters whatever their input order), and
// O(n + cells log cells): 10,000 points cluster in a few milliseconds.
//
//   clusterPoints([{x, y, ...}], { radius: 40 })
//     -> [{ x, y, items: [point...] }]   (x, y: the mean of the members)

function cellKey(cx, cy) {
  return cx + "," + cy;
}

export function clusterPoints(points, { radius = 40 } = {}) {
  if (!(radius > 0)) throw new Error("clusterPoints: radius must be > 0");
  const cells = new Map();
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const cx = Math.floor(p.x / radius);
    const cy = Math.floor(p.y / radius);
    const key = cellKey(cx, cy);
    let cell = cells.get(key);
    if (!cell) {
      cell = { cx, cy, items: [], sx: 0, sy: 0, taken: false };
      cells.set(key, cell);
    }
    cell.items.push(p);
  }
  // Fixed member order inside a cell, so sums (and so centres) do not
  // depend on the input order.
  for (const cell of cells.values()) {
    cell.items.sort(comparePoints);
    for (const p of cell.items) {
      cell.sx += p.x;
      cell.sy += p.y;
    }
  }
  // Seeds: the most populated cells first, ties by position.
  const order = [...cells.values()].sort(
    (a, b) => b.items.length - a.items.length || a.cy - b.cy || a.cx - b.cx,
  );
  const r2 = radius * radius;
  const clusters = [];
  for (const seed of order) {
    if (seed.taken) continue;
    seed.taken = true;
    const members = [seed];
    const sxSeed = seed.sx / seed.items.length;
    const sySeed = seed.sy / seed.items.length;
    for (let dy = -1; dy <= 1; ++dy) {
      for (let dx = -1; dx <= 1; ++dx) {
        if (!dx && !dy) continue;
        const other = cells.get(cellKey(seed.cx + dx, seed.cy + dy));
        if (!other || other.taken) continue;
        const ox = other.sx / other.items.length - sxSeed;
        const oy = other.sy / other.items.length - sySeed;
        if (ox * ox + oy * oy <= r2) {
          other.taken = true;
          members.push(other);
        }
      }
    }
    let n = 0, sx = 0, sy = 0;
    const items = [];
    for (const m of members) {
      n += m.items.length;
      sx += m.sx;
      sy += m.sy;
      for (const p of m.items) items.push(p);
    }
    if (members.length > 1) items.sort(comparePoints);
    clusters.push({ x: sx / n, y: sy / n, items });
  }
  // Output order: by position, so that drawing order is stable too.
  clusters.sort((a, b) => a.y - b.y || a.x - b.x);
  return clusters;
}

// Points compare by position, then by id when they have one.
function comparePoints(a, b) {
  if (a.y !== b.y) return a.y - b.y;
  if (a.x !== b.x) return a.x - b.x;
  const ia = String(a.id ?? ""), ib = String(b.id ?? "");
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

// How many members of a cluster are in each state: { found: 2, nothing: 5 }.
export function countStates(items, stateOf) {
  const counts = {};
  for (const it of items) {
    const s = stateOf(it);
    counts[s] = (counts[s] || 0) + 1;
  }
  return counts;
}
