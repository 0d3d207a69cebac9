import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterPoints, countStates } from "../src/map/cluster.js";

// A fixed pseudo-random sequence, so the tests are reproducible.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomPoints(n, seed, w = 1000, h = 500) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({ id: i, x: r() * w, y: r() * h }));
}

test("points far apart stay single", () => {
  const pts = [{ id: 1, x: 0, y: 0 }, { id: 2, x: 500, y: 0 }, { id: 3, x: 0, y: 500 }];
  const c = clusterPoints(pts, { radius: 40 });
  assert.equal(c.length, 3);
  assert.deepEqual(c.map((k) => k.items.length), [1, 1, 1]);
});

test("points at the same place become one cluster with their mean", () => {
  const pts = [{ id: 1, x: 10, y: 10 }, { id: 2, x: 12, y: 14 }, { id: 3, x: 14, y: 12 }, { id: 4, x: 900, y: 400 }];
  const c = clusterPoints(pts, { radius: 40 });
  assert.equal(c.length, 2);
  const big = c.find((k) => k.items.length === 3);
  assert.ok(big);
  assert.equal(big.x, 12);
  assert.equal(big.y, 12);
});

test("close points across a cell border are merged", () => {
  // 39 and 41 fall in cells 0 and 1 of a 40 px grid.
  const c = clusterPoints([{ id: "a", x: 39, y: 5 }, { id: "b", x: 41, y: 5 }], { radius: 40 });
  assert.equal(c.length, 1);
  assert.equal(c[0].items.length, 2);
});

test("every point lands in exactly one cluster; non-finite ones are skipped", () => {
  const pts = randomPoints(2000, 7);
  pts.push({ id: "nan", x: NaN, y: 1 }, { id: "inf", x: 1, y: Infinity });
  const c = clusterPoints(pts, { radius: 30 });
  const ids = c.flatMap((k) => k.items.map((p) => p.id));
  assert.equal(ids.length, 2000);
  assert.equal(new Set(ids).size, 2000);
  assert.ok(!ids.includes("nan") && !ids.includes("inf"));
  assert.ok(c.length < 2000 && c.length > 100, `clusters: ${c.length}`);
});

test("members of a cluster lie near its centre", () => {
  const radius = 25;
  for (const k of clusterPoints(randomPoints(3000, 3), { radius })) {
    for (const p of k.items) {
      // A member cell is within 1 cell of the seed: at most ~3 radii away.
      assert.ok(Math.hypot(p.x - k.x, p.y - k.y) <= 3 * radius, `${p.x},${p.y} vs ${k.x},${k.y}`);
    }
  }
});

test("deterministic: input order does not change the clusters", () => {
  const pts = randomPoints(5000, 11);
  const shuffled = [...pts];
  const r = rng(99);
  for (let i = shuffled.length - 1; i > 0; --i) {
    const j = Math.floor(r() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const key = (cs) => cs.map((k) => `${k.x.toFixed(6)},${k.y.toFixed(6)}:${k.items.map((p) => p.id).join(",")}`);
  assert.deepEqual(key(clusterPoints(shuffled, { radius: 35 })), key(clusterPoints(pts, { radius: 35 })));
});

test("a larger radius (zooming out) gives fewer clusters", () => {
  const pts = randomPoints(5000, 5);
  const fine = clusterPoints(pts, { radius: 10 }).length;
  const coarse = clusterPoints(pts, { radius: 80 }).length;
  assert.ok(coarse < fine, `${coarse} < ${fine}`);
});

test("10,000 points cluster fast", () => {
  const pts = randomPoints(10000, 1);
  clusterPoints(pts, { radius: 40 }); // warm-up
  const t0 = performance.now();
  const c = clusterPoints(pts, { radius: 40 });
  const ms = performance.now() - t0;
  assert.equal(c.reduce((n, k) => n + k.items.length, 0), 10000);
  assert.ok(ms < 200, `took ${ms} ms`);
});

test("radius must be positive", () => {
  assert.throws(() => clusterPoints([], { radius: 0 }), /radius/);
});

test("countStates counts the mix of a cluster", () => {
  const items = [{ s: "found" }, { s: "nothing" }, { s: "found" }, { s: "error" }];
  assert.deepEqual(countStates(items, (i) => i.s), { found: 2, nothing: 1, error: 1 });
});
