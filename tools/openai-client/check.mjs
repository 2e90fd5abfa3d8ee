// The official openai Node client against a running lvlm-serve: text, image, a stream with usage, stop, logprobs,
// a refused tool call and an error. Every check prints one line; any failure exits 1.
//   node check.mjs BASE_URL IMAGE_PNG [API_KEY]
import OpenAI from "openai";
import { readFileSync } from "node:fs";

const [base, imagePath, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: apiKey || "unused", maxRetries: 0, timeout: 120_000 });
const image = `data:image/png;base64,${readFileSync(imagePath).toString("base64")}`;
const ask = (text, withImage = true) => [{
  role: "user",
  content: withImage ? [{ type: "text", text }, { type: "image_url", image_url: { url: image } }] : text,
}];

let failed = 0;
async function check(name, body) {
  try {
    const detail = await body();
    console.log(`ok   ${name}${detail ? `: ${detail}` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
function expect(condition, what) {
  if (!condition) throw new Error(what);
}

await check("models: the default alias is listed", async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  expect(ids.includes("default"), `ids ${ids}`);
  const d = await client.models.retrieve("default");
  expect(d.object === "model" && d.created > 1_600_000_000, JSON.stringify(d));
  return ids.join(", ");
});

await check("text", async () => {
  const c = await client.chat.completions.create({
    model: "default", max_tokens: 8,
    messages: [{ role: "system", content: "Answer briefly." }, ...ask("How many objects are there?", false)],
  });
  const m = c.choices[0].message;
  expect(typeof m.content === "string" && m.refusal === null, JSON.stringify(m));
  expect(c.usage.total_tokens === c.usage.prompt_tokens + c.usage.completion_tokens, JSON.stringify(c.usage));
  expect(/^chatcmpl-/.test(c.id) && /^fp_/.test(c.system_fingerprint), `${c.id} ${c.system_fingerprint}`);
  return JSON.stringify(m.content);
});

let imageAnswer = "";
await check("image", async () => {
  const c = await client.chat.completions.create({ model: "default", max_tokens: 8,
    messages: ask("What color is the circle?\nAnswer the question using a single word or phrase.") });
  imageAnswer = c.choices[0].message.content;
  expect(["stop", "length"].includes(c.choices[0].finish_reason), c.choices[0].finish_reason);
  expect(c.usage.prompt_tokens > 9, `prompt tokens ${c.usage.prompt_tokens} (image positions included)`);
  return JSON.stringify(imageAnswer);
});

await check("stream with usage", async () => {
  const stream = await client.chat.completions.create({ model: "default", max_tokens: 12, stream: true,
    stream_options: { include_usage: true }, messages: ask("Describe the image.") });
  let text = "";
  let usage = null;
  let chunks = 0;
  let nullUsage = 0;
  let finish = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage === null) nullUsage++;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      finish = choice.finish_reason ?? finish;
    }
  }
  expect(usage && usage.completion_tokens > 0, `usage ${JSON.stringify(usage)}`);
  expect(nullUsage === chunks - 1, `${nullUsage} of ${chunks} chunks had usage: null`);
  expect(finish === "stop" || finish === "length", `finish ${finish}`);
  return `${chunks} chunks, ${JSON.stringify(text)}, ${usage.completion_tokens} tokens`;
});

await check("stop", async () => {
  expect(imageAnswer.length >= 2, `the image answer ${JSON.stringify(imageAnswer)} is too short to cut`);
  const stop = imageAnswer.slice(1, 2);
  const c = await client.chat.completions.create({ model: "default", max_tokens: 8, stop: [stop],
    messages: ask("What color is the circle?\nAnswer the question using a single word or phrase.") });
  const expected = imageAnswer.slice(0, imageAnswer.indexOf(stop));
  expect(c.choices[0].message.content === expected, `${JSON.stringify(c.choices[0].message.content)} !== `
    + JSON.stringify(expected));
  expect(c.choices[0].finish_reason === "stop", c.choices[0].finish_reason);
  return `stop ${JSON.stringify(stop)} -> ${JSON.stringify(expected)}`;
});

await check("logprobs", async () => {
  const c = await client.chat.completions.create({ model: "default", max_tokens: 4, logprobs: true,
    top_logprobs: 2, messages: ask("Describe the image.") });
  const content = c.choices[0].logprobs.content;
  expect(content.length === c.usage.completion_tokens, `${content.length} entries, ${c.usage.completion_tokens} tokens`);
  for (const t of content) {
    expect(t.logprob <= 0 && t.top_logprobs.length === 2 && Array.isArray(t.bytes), JSON.stringify(t));
  }
  return content.map((t) => `${t.token} ${t.logprob.toFixed(3)}`).join(", ");
});

await check("a tool call is refused", async () => {
  try {
    await client.chat.completions.create({ model: "default", messages: ask("What is the weather?", false),
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } }] });
  } catch (e) {
    expect(e instanceof OpenAI.BadRequestError, `${e.constructor.name}: ${e.message}`);
    expect(e.param === "tools" && e.type === "invalid_request_error", `param ${e.param} type ${e.type}`);
    expect(/^req_[0-9a-f]{32}$/.test(e.requestID ?? ""), `request id ${e.requestID}`);
    return `400 ${e.code} (${e.requestID})`;
  }
  throw new Error("the tool call was accepted");
});

await check("an unknown model is a NotFoundError", async () => {
  try {
    await client.chat.completions.create({ model: "no-such-model", messages: ask("hi", false) });
  } catch (e) {
    expect(e instanceof OpenAI.NotFoundError, `${e.constructor.name}: ${e.message}`);
    expect(e.code === "model_not_found", `code ${e.code}`);
    return `404 ${e.code}`;
  }
  throw new Error("an unknown model answered");
});

if (failed) {
  console.log(`${failed} openai client check(s) failed`);
  process.exit(1);
}
console.log("openai client checks passed");
