// Writes the spec of the PrometheusRule in a (multi-document) manifest file as a plain Prometheus rule file, the
// form promtool reads.   node extract-rules.mjs MANIFESTS.yaml RULES.yaml
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

const [input, output] = process.argv.slice(2);
const rule = parseAllDocuments(readFileSync(input, "utf8")).map((d) => d.toJS()).find((d) => d?.kind === "PrometheusRule");
if (!rule) {
  console.error(`${input}: no PrometheusRule`);
  process.exit(1);
}
writeFileSync(output, stringify(rule.spec));
