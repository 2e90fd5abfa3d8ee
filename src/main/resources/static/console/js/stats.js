// Rates and percentiles from two cumulative readings of /v1/metrics/summary, as Prometheus computes them from two
// scrapes: rate = Δcount / Δt, and a quantile of the requests between the readings by linear interpolation inside
// the histogram bucket where its rank falls (histogram_quantile). Pure functions: tested in node (stats.test.mjs)
// against an obvious twin that lays the observations out one by one.

/** Requests per second between two readings; null when there is no interval yet. */
export function rate(prev, cur, pick) {
  if (!prev || !cur) return null;
  const dt = (Date.parse(cur.time) - Date.parse(prev.time)) / 1000;
  if (!(dt > 0)) return null;
  return Math.max(0, (pick(cur) - pick(prev)) / dt);
}

/**
 * The buckets of the requests that finished between two readings: [{le, count}] cumulative, ascending, the last
 * one +Infinity with the total. A bucket missing from one reading counts as empty there.
 */
export function bucketDelta(prevHist, curHist) {
  const before = new Map((prevHist ? prevHist.buckets : []).map((b) => [b.le, b.count]));
  const out = curHist.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (before.get(b.le) || 0)) }));
  out.push({ le: Infinity, count: Math.max(0, curHist.count - (prevHist ? prevHist.count : 0)) });
  return out;
}

/**
 * The q-quantile (0 < q < 1) of cumulative buckets, Prometheus's way: the rank q·total falls in one bucket and
 * the value is interpolated linearly between that bucket's bounds (the first bucket's lower bound is 0). A rank in
 * the +Inf bucket answers the highest finite bound. null when there are no observations.
 */
export function quantile(q, buckets) {
  const total = buckets.length ? buckets[buckets.length - 1].count : 0;
  if (!(total > 0)) return null;
  const rank = q * total;
  const slack = total * 1e-12; // q·total computed in floating point: a rank at a bucket's top belongs to it
  let lowerBound = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.count >= rank - slack && b.count > below) {
      if (b.le === Infinity) return lowerBound;
      return lowerBound + (b.le - lowerBound) * Math.min(1, (rank - below) / (b.count - below));
    }
    if (b.le !== Infinity) lowerBound = b.le;
    below = b.count;
  }
  return lowerBound;
}

/** The summary panel's numbers between two readings (latency in milliseconds). */
export function summarize(prev, cur) {
  const buckets = prev ? bucketDelta(prev.latency, cur.latency) : null;
  const batches = prev ? cur.batch_size.count - prev.batch_size.count : 0;
  return {
    samplesPerSecond: rate(prev, cur, (m) => m.succeeded),
    failuresPerSecond: rate(prev, cur, (m) => m.failed),
    p50: buckets ? ms(quantile(0.5, buckets)) : null,
    p99: buckets ? ms(quantile(0.99, buckets)) : null,
    waiting: cur.waiting,
    running: cur.running,
    batchSize: batches > 0 ? (cur.batch_size.sum - prev.batch_size.sum) / batches : null,
  };
}

function ms(seconds) {
  return seconds === null ? null : seconds * 1000;
}
