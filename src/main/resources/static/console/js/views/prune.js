// The prune form: POST /v1/variants. The console does not second-guess the API: what the operator typed is sent
// as it is (empty fields are left out, so the API's defaults apply) and the API's own message is shown beside the
// field it names. The recovery block is offered only when the service's OpenAPI document describes one, and its
// fields are built from that schema, so a service with more (or no) recovery settings gets a matching form.

import { api } from "../api.js";
import { h, fill, $, $$, announce } from "../dom.js";
import { keys } from "../keys.js";
import { showBanner, explain } from "../ui.js";

// The methods prune jobs accept (PruningMethod's job-capable names); the API refuses any other with its message.
export const METHODS = [
  ["short-lvlm", "Short-LVLM: token-importance layer scores + subspace compensation (layers)"],
  ["tis", "TIS: token-importance layer scores, plain removal (layers)"],
  ["scp", "SCP: all-token scores + subspace compensation (layers)"],
  ["cosine-all", "Cosine over all tokens (layers)"],
  ["text-only", "Cosine over text tokens (layers)"],
  ["vision-only", "Cosine over image tokens (layers)"],
  ["block-influence", "Block influence, every layer a candidate (layers)"],
  ["last-n", "The deepest layers, no calibration (layers)"],
  ["random", "Random layers (layers)"],
  ["width-taylor", "Taylor importance: heads and MLP neurons (width)"],
  ["width-activation", "Activation importance: heads and MLP neurons (width)"],
  ["width-random", "Random heads and MLP neurons (width)"],
];

export function render(root) {
  const admin = keys.hasAdmin();
  const form = h("form", { class: "fields panel", id: "prune-form", novalidate: true, "aria-describedby": "prune-hint" });
  fill(root, h("h2", {}, "New prune"),
    h("p", { id: "prune-hint", class: "hint" }, "Builds a pruned variant in the background; the job appears under "
      + "Jobs. Empty fields take the service's defaults."),
    admin ? null : h("p", { class: "banner info", role: "status" }, "Read-only: enter the admin key under "
      + "“Keys” to start a prune."),
    form);
  Promise.all([api.variants().catch(() => null), api.apiDocs().catch(() => null)]).then(([list, docs]) => {
    build(form, list, recoverySchema(docs), admin);
  });
}

/** The schema of CreateVariantRequest.recovery in the OpenAPI document, or null when the service has none. */
export function recoverySchema(docs) {
  const schemas = docs && docs.components && docs.components.schemas;
  const prop = schemas && schemas.CreateVariantRequest && schemas.CreateVariantRequest.properties
    && schemas.CreateVariantRequest.properties.recovery;
  if (!prop) return null;
  const ref = prop.$ref || (prop.allOf && prop.allOf[0] && prop.allOf[0].$ref);
  const schema = ref ? schemas[ref.split("/").pop()] : prop;
  return schema && schema.properties ? schema : null;
}

function field(id, label, control, hint) {
  control.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
  else control.setAttribute("aria-describedby", `${id}-error`);
  return [h("label", { for: id }, label), h("div", { class: "field" }, control, hintEl,
    h("span", { class: "error", id: `${id}-error`, "aria-live": "polite" }))];
}

function build(form, list, recovery, admin) {
  const bases = list ? list.variants.filter((v) => v.method === "base").map((v) => v.name) : [];
  const defaultBase = list ? (list.variants.find((v) => v.name === list.default) || {}).base : undefined;
  const num = (name, attrs = {}) => h("input", { name, type: "number", step: "any", inputmode: "decimal", ...attrs });
  const source = h("select", { name: "calibration.source" }, h("option", { value: "builtin" }, "built-in benchmark"),
    h("option", { value: "jsonl" }, "JSONL file in the calibration directory"));
  const path = h("input", { name: "calibration.path", type: "text", spellcheck: "false" });
  const gateOn = h("input", { name: "gate", type: "checkbox" });
  fill(form,
    field("f-base", "Base model", h("select", { name: "base" }, h("option", { value: "" }, "the default's base"),
      bases.map((b) => h("option", { value: b }, b))), defaultBase ? `The default's base is ${defaultBase}.` : null),
    field("f-method", "Method", h("select", { name: "method" }, METHODS.map(([m, text]) =>
      h("option", { value: m }, `${m} — ${text}`)))),
    field("f-ratio", "Ratio", num("ratio", { required: true, placeholder: "0.2" }),
      "Fraction of the decoder-layer parameters to remove, e.g. 0.2 for 20 %."),
    field("f-name", "Variant name", h("input", { name: "name", type: "text", spellcheck: "false",
      autocomplete: "off" }), "Optional; generated from base, method and ratio."),
    field("f-options", "Method options", h("input", { name: "options", type: "text", spellcheck: "false",
      placeholder: "{\"layers\": \"3-12\", \"gqa\": \"heads\"}" }), "Optional JSON object."),
    h("fieldset", {}, h("legend", {}, "Calibration"), h("div", {},
      field("f-cal-source", "Source", source),
      field("f-cal-path", "File", path, "Relative to the calibration directory (JSONL only)."),
      field("f-cal-size", "Samples", num("calibration.size", { step: "1", inputmode: "numeric", placeholder: "256" })))),
    recovery ? recoveryFieldset(recovery) : h("p", { class: "hint", id: "no-recovery" },
      "This service offers no recovery stage (its API describes none)."),
    h("fieldset", {}, h("legend", {}, "Quality gate"), h("div", {},
      field("f-gate", "Gate this variant", gateOn, "Compare with the base on a held-out slice first."),
      field("f-gate-min", "Minimum retention", num("quality_gate.min_retention", { placeholder: "0.9" }),
        "In [0, 1]: the share of the base's accuracy it must keep."),
      field("f-gate-samples", "Samples", num("quality_gate.samples", { step: "1", inputmode: "numeric" })))),
    field("f-activate", "Activate on success", h("input", { name: "activate_on_success", type: "checkbox" }),
      "Make it the default once built (and gated, if asked)."),
    field("f-seed", "Seed", num("seed", { step: "1", inputmode: "numeric", placeholder: "0" })),
    h("div", { class: "actions row" },
      h("button", { type: "submit", disabled: !admin }, "Start prune"),
      h("p", { id: "form-error", class: "error", role: "alert" })));
  const togglePath = () => { path.disabled = source.value !== "jsonl"; };
  source.addEventListener("change", togglePath);
  togglePath();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit(form, recovery);
  });
}

function recoveryFieldset(schema) {
  const rows = Object.entries(schema.properties).map(([name, p]) => {
    const id = `f-rec-${name.replace(/[^a-z0-9]/gi, "-")}`;
    const label = name.replace(/_/g, " ");
    let control;
    if (Array.isArray(p.enum)) {
      control = h("select", { name: `recovery.${name}` }, h("option", { value: "" }, "(default)"),
        p.enum.map((x) => h("option", { value: x }, String(x))));
    } else if (p.type === "boolean") {
      control = h("select", { name: `recovery.${name}` }, h("option", { value: "" }, "(default)"),
        h("option", { value: "true" }, "yes"), h("option", { value: "false" }, "no"));
    } else if (p.type === "number" || p.type === "integer") {
      control = h("input", { name: `recovery.${name}`, type: "number", step: p.type === "integer" ? "1" : "any",
        placeholder: p.example === undefined ? null : String(p.example) });
    } else {
      control = h("input", { name: `recovery.${name}`, type: "text", spellcheck: "false",
        placeholder: p.example === undefined ? null : String(p.example) });
    }
    control.dataset.type = p.type || (Array.isArray(p.enum) ? "string" : "string");
    return field(id, label, control, p.description || null);
  });
  return h("fieldset", { id: "recovery" }, h("legend", {}, "Recovery (after pruning; leave empty for none)"),
    h("div", {}, rows));
}

/** The request body from the form: empty fields left out; numbers as numbers; options as parsed JSON. */
export function bodyOf(values) {
  const body = {};
  const set = (path, v) => {
    const parts = path.split(".");
    let o = body;
    for (const p of parts.slice(0, -1)) o = o[p] ?? (o[p] = {});
    o[parts[parts.length - 1]] = v;
  };
  for (const [name, { value, type, checked }] of Object.entries(values)) {
    if (name === "gate") continue;
    if (name === "activate_on_success") { if (checked) set(name, true); continue; }
    if (name.startsWith("quality_gate.") && !values.gate.checked) continue;
    if (value === "" || value === undefined) continue;
    if (name === "options") { set(name, JSON.parse(value)); continue; }
    if (name === "calibration.path" && values["calibration.source"].value !== "jsonl") continue;
    if (type === "number" || type === "integer") set(name, Number(value));
    else if (type === "boolean") set(name, value === "true");
    else set(name, value);
  }
  if (values.gate.checked && !body.quality_gate) body.quality_gate = {};
  return body;
}

function formValues(form) {
  const values = {};
  for (const el of $$("input, select", form)) {
    if (!el.name) continue;
    const type = el.dataset.type || (el.type === "number" ? "number" : el.type === "checkbox" ? "checkbox" : "string");
    values[el.name] = { value: el.type === "checkbox" ? undefined : el.value, type, checked: el.checked };
  }
  return values;
}

function clearErrors(form) {
  for (const el of $$(".error", form)) el.textContent = "";
  for (const el of $$("[aria-invalid]", form)) el.removeAttribute("aria-invalid");
}

/** The control an API `param` names ("ratio", "calibration.size", "quality_gate.min_retention", "options.gqa"). */
function controlFor(form, param) {
  if (!param) return null;
  const exact = $$("input, select", form).find((el) => el.name === param);
  if (exact) return exact;
  const head = param.split(/[.[]/)[0];
  return $$("input, select", form).find((el) => el.name === head || el.name.startsWith(`${head}.`)) || null;
}

async function submit(form, recovery) {
  clearErrors(form);
  let body;
  try {
    body = bodyOf(formValues(form));
  } catch {
    showFieldError(form, $("[name=options]", form), "Method options must be a JSON object.");
    return;
  }
  if (recovery && body.recovery && !Object.keys(body.recovery).length) delete body.recovery;
  const button = $("button[type=submit]", form);
  button.disabled = true;
  try {
    const job = await api.createVariant(body);
    announce(`Prune job ${job.id} started for ${job.variant}.`);
    location.hash = "#/jobs";
  } catch (err) {
    const control = controlFor(form, err.param);
    if (control) showFieldError(form, control, err.message);
    else if (err.needsKey || err.status === 0) showBanner(explain(err));
    else $("#form-error", form).textContent = err.message;
  } finally {
    button.disabled = !keys.hasAdmin();
  }
}

function showFieldError(form, control, message) {
  control.setAttribute("aria-invalid", "true");
  const err = form.querySelector(`#${control.id}-error`);
  if (err) err.textContent = message;
  else $("#form-error", form).textContent = message;
  control.focus();
}
