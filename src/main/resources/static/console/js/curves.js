// Training curves in a report whose exact shape this console does not fix: the recovery stage (issue 12) records
// its curves inside the variant's report, and the console must show them without knowing every field name. A
// curve is either an array of numbers (y per step) or an array of objects with a numeric "step" (or "epoch",
// "x") and one or more other numeric fields (one curve each). Pure: tested in node (curves.test.mjs).

const X_KEYS = ["step", "steps", "epoch", "x", "iteration"];

/** [{name, points: [[x, y], ...]}] found anywhere under `node` (depth-limited), named by their path. */
export function findCurves(node, path = "", depth = 0, out = []) {
  if (node === null || typeof node !== "object" || depth > 5) return out;
  if (Array.isArray(node)) {
    if (node.length >= 2 && node.every(Number.isFinite)) {
      out.push({ name: path || "value", points: node.map((y, i) => [i, y]) });
    } else if (node.length >= 2 && node.every((e) => e && typeof e === "object" && !Array.isArray(e))) {
      const xKey = X_KEYS.find((k) => node.every((e) => Number.isFinite(e[k])));
      if (xKey) {
        const yKeys = Object.keys(node[0]).filter((k) => k !== xKey && node.some((e) => Number.isFinite(e[k])));
        for (const k of yKeys) {
          out.push({ name: path ? `${path}.${k}` : k,
            points: node.filter((e) => Number.isFinite(e[k])).map((e) => [e[xKey], e[k]]) });
        }
      }
    }
    return out;
  }
  for (const [k, v] of Object.entries(node)) findCurves(v, path ? `${path}.${k}` : k, depth + 1, out);
  return out;
}

/** The recovery record of a variant's report, wherever the recipe keeps it; null when none ran. */
export function recoveryOf(report) {
  if (!report || typeof report !== "object") return null;
  if (report.recovery && typeof report.recovery === "object") return report.recovery;
  const pass = Array.isArray(report.passes) ? report.passes.find((p) => p && /recover/i.test(String(p.name ?? p.pass ?? p.kind ?? ""))) : null;
  return pass || null;
}
