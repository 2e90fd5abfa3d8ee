// curves.js finds training curves in report shapes it was not written for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findCurves, recoveryOf } from "../../../src/main/resources/static/console/js/curves.js";

test("arrays of numbers and arrays of {step, ...} records become named curves", () => {
  const rec = { regime: "lora", loss: [3, 2, 1.5], validation: [{ step: 0, accuracy: 0.4, loss: 2 },
    { step: 50, accuracy: 0.6, loss: 1.2 }], nested: { deep: { kd: [1, 0.5] } }, steps: 100 };
  const byName = Object.fromEntries(findCurves(rec).map((c) => [c.name, c.points]));
  assert.deepEqual(Object.keys(byName).sort(), ["loss", "nested.deep.kd", "validation.accuracy", "validation.loss"]);
  assert.deepEqual(byName.loss, [[0, 3], [1, 2], [2, 1.5]]);
  assert.deepEqual(byName["validation.accuracy"], [[0, 0.4], [50, 0.6]]);
});

test("no curve in a report without arrays; recoveryOf finds a recovery block or a recovery pass", () => {
  assert.deepEqual(findCurves({ a: 1, b: "x", c: [1] }), []);
  assert.equal(recoveryOf({ passes: ["layer-scores", "remove-layers"] }), null);
  assert.deepEqual(recoveryOf({ recovery: { regime: "projector" } }), { regime: "projector" });
  assert.deepEqual(recoveryOf({ passes: [{ name: "recover", steps: 3 }] }), { name: "recover", steps: 3 });
});
