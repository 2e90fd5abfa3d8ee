// The prune form's request body and the tolerance for API fields this console was written before: a recovery
// block described by the OpenAPI document (issue 12) and recovery progress on a job.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bodyOf, recoverySchema } from "../../../src/main/resources/static/console/js/views/prune.js";
import { trainingOf } from "../../../src/main/resources/static/console/js/views/jobs.js";

const field = (value, type = "string") => ({ value, type, checked: false });
const box = (checked) => ({ value: undefined, type: "checkbox", checked });

function form(extra = {}) {
  return {
    base: field(""), method: field("short-lvlm"), ratio: field("0.2", "number"), name: field(""),
    options: field(""), "calibration.source": field("builtin"), "calibration.path": field("ignored.jsonl"),
    "calibration.size": field("16", "number"), gate: box(false), "quality_gate.min_retention": field("0.9", "number"),
    "quality_gate.samples": field("", "number"), activate_on_success: box(false), seed: field("", "number"), ...extra,
  };
}

test("empty fields are left out, numbers are numbers, the path only for JSONL, the gate only when ticked", () => {
  assert.deepEqual(bodyOf(form()), { method: "short-lvlm", ratio: 0.2, calibration: { source: "builtin", size: 16 } });
  const gated = bodyOf(form({ gate: box(true), activate_on_success: box(true), "calibration.source": field("jsonl"),
    options: field('{"layers": "3-12"}') }));
  assert.deepEqual(gated, { method: "short-lvlm", ratio: 0.2, options: { layers: "3-12" },
    calibration: { source: "jsonl", path: "ignored.jsonl", size: 16 }, quality_gate: { min_retention: 0.9 },
    activate_on_success: true });
  assert.throws(() => bodyOf(form({ options: field("{not json") })));
});

test("a recovery block in the API description becomes fields and a nested body", () => {
  const docs = { components: { schemas: {
    CreateVariantRequest: { properties: { ratio: { type: "number" }, recovery: { $ref: "#/components/schemas/Recovery" } } },
    Recovery: { properties: { regime: { type: "string", enum: ["projector", "lora"] }, steps: { type: "integer" },
      data_fraction: { type: "number" } } } } } };
  assert.deepEqual(Object.keys(recoverySchema(docs).properties), ["regime", "steps", "data_fraction"]);
  assert.equal(recoverySchema({ components: { schemas: { CreateVariantRequest: { properties: {} } } } }), null);
  assert.equal(recoverySchema(null), null);
  const body = bodyOf(form({ "recovery.regime": field("lora"), "recovery.steps": field("200", "integer"),
    "recovery.data_fraction": field("", "number") }));
  assert.deepEqual(body.recovery, { regime: "lora", steps: 200 });
});

test("a job's loss and steps are found where a recovery stage may put them; absent, they are null", () => {
  assert.deepEqual(trainingOf({ stage: "recover", recovery: { step: 40, total_steps: 200, loss: 1.25 } }),
    { loss: 1.25, step: 40, total: 200 });
  assert.deepEqual(trainingOf({ stage: "recover", loss: 0.5, step: 3, steps: 10 }), { loss: 0.5, step: 3, total: 10 });
  assert.deepEqual(trainingOf({ stage: "recover", recovery: { step: 5, total: 40, current_loss: 2.5 } }),
    { loss: 2.5, step: 5, total: 40 });
  assert.deepEqual(trainingOf({ stage: "calibrate", percent: 40 }), { loss: null, step: null, total: null });
});
