// The service's own API, same origin only. Errors come back as ApiError with the API's message and the field it
// names (RFC 9457 problem details on native endpoints, OpenAI's {"error": {...}} on the compatible ones).

import { keys } from "./keys.js";

export class ApiError extends Error {
  constructor(status, code, message, param) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  /** The server wants a key the page does not have (or has wrong). */
  get needsKey() {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * request("/v1/variants", {method, json, form, admin, raw}).
 *  - admin: send X-Admin-Key (only the calls that need it do, so the key travels no further than it must)
 *  - json / form: a JSON body or a FormData (multipart)
 *  - raw: resolve with the Response itself (for images); accept: its media type
 */
export async function request(path, { method = "GET", json, form, admin = false, raw = false,
  accept = "application/json" } = {}) {
  // Relative paths on this origin only: the keys must never be sent anywhere else.
  if (!/^\/(v1|v3)\//.test(path)) throw new Error(`not an API path: ${path}`);
  const headers = { Accept: `${accept}, application/problem+json` };
  const inference = keys.inference();
  if (inference) headers.Authorization = `Bearer ${inference}`;
  if (admin && keys.admin()) headers["X-Admin-Key"] = keys.admin();
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form; // the browser sets the multipart boundary
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new ApiError(0, "unreachable", "The service cannot be reached.", null);
  }
  if (!res.ok) throw await errorOf(res);
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

async function errorOf(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status alone says what happened
  }
  if (body && body.error && typeof body.error === "object") {
    return new ApiError(res.status, body.error.code, body.error.message || res.statusText, body.error.param);
  }
  if (body && (body.detail || body.title)) {
    return new ApiError(res.status, body.code, body.detail || body.title, body.param);
  }
  return new ApiError(res.status, null, `${res.status} ${res.statusText}`.trim(), null);
}

export const api = {
  variants: () => request("/v1/variants"),
  variant: (name) => request(`/v1/variants/${encodeURIComponent(name)}`),
  report: (name) => request(`/v1/variants/${encodeURIComponent(name)}/report`, { raw: true, accept: "image/png" }),
  activate: (name) => request(`/v1/variants/${encodeURIComponent(name)}/activate`, { method: "POST", admin: true }),
  remove: (name) => request(`/v1/variants/${encodeURIComponent(name)}`, { method: "DELETE", admin: true }),
  createVariant: (body) => request("/v1/variants", { method: "POST", json: body, admin: true }),
  jobs: () => request("/v1/jobs", { admin: true }),
  cancelJob: (id) => request(`/v1/jobs/${encodeURIComponent(id)}`, { method: "DELETE", admin: true }),
  vqa: (form) => request("/v1/vqa", { method: "POST", form }),
  metrics: () => request("/v1/metrics/summary"),
  apiDocs: () => request("/v3/api-docs"),
};
