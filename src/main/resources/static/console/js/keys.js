// The operator's keys, kept in this tab's sessionStorage only: gone when the tab closes, never in localStorage,
// cookies or the URL. api.js is the one reader; it sends them only as request headers to this origin.

const ADMIN = "lvlm.console.adminKey";
const INFERENCE = "lvlm.console.inferenceKey";
const listeners = new Set();

export const keys = {
  admin: () => sessionStorage.getItem(ADMIN) || "",
  inference: () => sessionStorage.getItem(INFERENCE) || "",
  hasAdmin: () => Boolean(sessionStorage.getItem(ADMIN)),

  set({ admin, inference }) {
    put(ADMIN, admin);
    put(INFERENCE, inference);
    listeners.forEach((f) => f());
  },

  forget() {
    sessionStorage.removeItem(ADMIN);
    sessionStorage.removeItem(INFERENCE);
    listeners.forEach((f) => f());
  },

  /** f() after every change. */
  onChange(f) {
    listeners.add(f);
  },
};

function put(name, value) {
  if (value) sessionStorage.setItem(name, value);
  else sessionStorage.removeItem(name);
}
