// stats.js against an obvious twin: the requests between two readings laid out one by one, each bucket's spread
// evenly over its width (what linear interpolation assumes), and the quantile of rank k read off the sorted list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketDelta, quantile, rate, summarize } from "../../../src/main/resources/static/console/js/stats.js";

/** Cumulative buckets (+Inf last) to sorted observations: n in (lo, hi] at lo + (hi − lo)·i/n, i = 1..n. */
function observations(buckets) {
  const out = [];
  let lo = 0;
  let below = 0;
  for (const b of buckets) {
    const n = b.count - below;
    const hi = b.le === Infinity ? lo : b.le;
    for (let i = 1; i <= n; i++) out.push(lo + ((hi - lo) * i) / n);
    if (b.le !== Infinity) lo = b.le;
    below = b.count;
  }
  return out;
}

/** The twin: the k-th smallest observation is the quantile of rank k (k = q·n, a whole number here). */
function twin(k, buckets) {
  return observations(buckets)[k - 1];
}

function randomBuckets(seed) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const bounds = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  let c = 0;
  const out = bounds.map((le) => ({ le, count: (c += Math.floor(rnd() * 6)) }));
  out.push({ le: Infinity, count: c });
  return out;
}

test("quantile agrees with the observation-by-observation twin at every rank", () => {
  let compared = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const b = randomBuckets(seed);
    const total = b[b.length - 1].count;
    if (total === 0) { assert.equal(quantile(0.5, b), null); continue; }
    for (let k = 1; k < total; k++) {
      const fast = quantile(k / total, b);
      const slow = twin(k, b);
      assert.ok(Math.abs(fast - slow) < 1e-9, `seed ${seed} rank ${k} of ${total}: ${fast} vs ${slow}`);
      compared++;
    }
  }
  assert.ok(compared > 1000);
});

test("a rank in the +Inf bucket answers the highest finite bound; no observations answer null", () => {
  const b = [{ le: 1, count: 1 }, { le: 2, count: 1 }, { le: Infinity, count: 10 }];
  assert.equal(quantile(0.99, b), 2);
  assert.equal(quantile(0.5, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }]), null);
});

test("bucketDelta subtracts the earlier reading and appends the total as +Inf", () => {
  const prev = { count: 3, buckets: [{ le: 0.1, count: 1 }, { le: 1, count: 3 }] };
  const cur = { count: 7, buckets: [{ le: 0.1, count: 2 }, { le: 1, count: 6 }] };
  assert.deepEqual(bucketDelta(prev, cur), [{ le: 0.1, count: 1 }, { le: 1, count: 3 },
    { le: Infinity, count: 4 }]);
});

test("summarize gives rates per second, percentiles in ms and the mean batch between two readings", () => {
  const reading = (time, succeeded, failed, latency, batches, batchSum) => ({ time, succeeded, failed, latency,
    waiting: 2, running: 1, batch_size: { count: batches, sum: batchSum } });
  const prev = reading("2026-12-01T12:00:00Z", 10, 0, { count: 10, sum_seconds: 1, buckets: [
    { le: 0.1, count: 10 }, { le: 1, count: 10 }] }, 5, 10);
  const cur = reading("2026-12-01T12:00:04Z", 30, 2, { count: 30, sum_seconds: 5, buckets: [
    { le: 0.1, count: 20 }, { le: 1, count: 30 }] }, 9, 26);
  const s = summarize(prev, cur);
  assert.equal(s.samplesPerSecond, 5);
  assert.equal(s.failuresPerSecond, 0.5);
  assert.ok(Math.abs(s.p50 - 100) < 1e-9, `p50 ${s.p50}`); // rank 10 of 20: the top of the first bucket
  assert.ok(Math.abs(s.p99 - (100 + 900 * 0.98)) < 1e-9, `p99 ${s.p99}`);
  assert.equal(s.batchSize, 4);
  assert.equal(summarize(null, cur).samplesPerSecond, null);
  assert.equal(rate(cur, cur, (m) => m.succeeded), null);
});
