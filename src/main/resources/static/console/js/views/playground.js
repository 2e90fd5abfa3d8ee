// The playground: an image and a question to one variant, or the same question to two side by side, through
// POST /v1/vqa (the inference key, when the service has one). Each answer shows the latency the page measured
// (request sent to answer read) beside the service's own timings.

import { api } from "../api.js";
import { h, fill, $, announce } from "../dom.js";
import * as fmt from "../format.js";
import { showBanner, explain } from "../ui.js";

const SUFFIX = "\nAnswer the question using a single word or phrase.";

export function render(root) {
  let previewUrl = null;
  const file = h("input", { id: "pg-image", name: "image", type: "file", accept: "image/png,image/jpeg,image/webp,image/gif,image/bmp",
    required: true, "aria-describedby": "pg-image-hint" });
  const preview = h("div", { id: "pg-preview" });
  const question = h("textarea", { id: "pg-question", name: "question", required: true, rows: 3 },
    `Is there a red circle in the image?${SUFFIX}`);
  const first = h("select", { id: "pg-model", name: "model" }, h("option", { value: "" }, "the default"));
  const second = h("select", { id: "pg-compare", name: "compare" }, h("option", { value: "" }, "no comparison"));
  const tokens = h("input", { id: "pg-tokens", name: "max_new_tokens", type: "number", step: "1", min: "1",
    value: "16", inputmode: "numeric" });
  const answers = h("div", { id: "answers", class: "answers", "aria-live": "polite" });
  const formError = h("p", { id: "pg-error", class: "error", role: "alert" });
  const form = h("form", { class: "fields panel", id: "playground-form", novalidate: true },
    h("label", { for: "pg-image" }, "Image"),
    h("div", { class: "field" }, file, h("span", { id: "pg-image-hint", class: "hint" },
      "PNG, JPEG, WebP, GIF or BMP; it is sent to this service only."), preview),
    h("label", { for: "pg-question" }, "Question"),
    h("div", { class: "field" }, question, h("span", { class: "hint" }, "The embedded model knows the built-in "
      + "benchmark's formats: keep LLaVA's suffix for short answers, or ask “Describe the image.”")),
    h("label", { for: "pg-model" }, "Variant"), h("div", { class: "field" }, first),
    h("label", { for: "pg-compare" }, "Compare with"), h("div", { class: "field" }, second),
    h("label", { for: "pg-tokens" }, "Max new tokens"), h("div", { class: "field" }, tokens),
    h("div", { class: "actions row" }, h("button", { type: "submit" }, "Ask"), formError));
  fill(root, h("h2", {}, "Playground"), form, answers);

  api.variants().then((list) => {
    for (const v of list.variants) {
      const label = v.default ? `${v.name} (default)` : v.name;
      first.append(h("option", { value: v.name }, label));
      second.append(h("option", { value: v.name }, label));
    }
  }, (err) => showBanner(explain(err)));

  file.addEventListener("change", () => {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
    fill(preview);
    const f = file.files[0];
    if (f) {
      previewUrl = URL.createObjectURL(f);
      fill(preview, h("img", { class: "preview", src: previewUrl, alt: `The chosen image, ${f.name}` }));
    }
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    formError.textContent = "";
    const f = file.files[0];
    if (!f) { formError.textContent = "Choose an image first."; file.focus(); return; }
    if (!question.value.trim()) { formError.textContent = "Ask a question."; question.focus(); return; }
    const targets = [first.value, ...(second.value ? [second.value] : [])];
    const button = $("button[type=submit]", form);
    button.disabled = true;
    fill(answers, targets.map((t) => card(t, h("p", { class: "hint" }, "Waiting for the answer…"))));
    announce("Question sent.");
    const results = await Promise.all(targets.map((t) => ask(f, question.value, t, tokens.value)));
    fill(answers, results.map((r, i) => card(targets[i], r)));
    announce(results.length > 1 ? "Both answers arrived." : "The answer arrived.");
    button.disabled = false;
  });

  return () => { if (previewUrl) URL.revokeObjectURL(previewUrl); };
}

function card(target, content) {
  return h("article", { class: "answer", dataset: { target: target || "default" } },
    h("h3", {}, target || "default"), content);
}

async function ask(image, question, model, maxTokens) {
  const form = new FormData();
  form.append("image", image);
  form.append("question", question);
  if (model) form.append("model", model);
  if (maxTokens) form.append("max_new_tokens", maxTokens);
  const t0 = performance.now();
  try {
    const a = await api.vqa(form);
    const ms = performance.now() - t0;
    const t = a.timings || {};
    return h("div", {},
      h("p", { class: "text" }, a.answer === "" ? "(empty answer)" : a.answer),
      h("dl", { class: "grid" },
        pair("Latency (page)", fmt.millis(ms)),
        pair("Service total", fmt.millis(t.total_ms)),
        pair("Variant", a.variant),
        pair("Tokens", `${a.prompt_tokens} in, ${a.completion_tokens} out (${a.finish_reason})`)));
  } catch (err) {
    return h("p", { class: "error" }, explain(err));
  }
}

function pair(k, v) {
  return h("div", {}, h("dt", {}, h("strong", {}, k)), h("dd", {}, v));
}
