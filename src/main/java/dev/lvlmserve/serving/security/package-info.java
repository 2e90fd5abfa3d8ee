/**
 * Request guards: who may call what ({@link dev.lvlmserve.serving.security.Access} on each handler, checked against
 * the handler routing chose), the admin and inference API keys (from the environment, never the repository), the
 * request body cap, CORS, the confinement of user-named files to a configured directory, and the address policy
 * for remote image fetches. Plain interceptors and a filter; no Spring Security.
 */
package dev.lvlmserve.serving.security;
