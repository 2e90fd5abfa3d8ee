// DOM building without markup strings: every text the API returns goes in through textContent (via h()'s string
// children), never innerHTML, so a variant name or an answer can never become markup.

/** h("td", {class: "num"}, "text", childNode, ...): an element; string children become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) {
      // listeners only: an on* attribute would be an inline script (and the CSP refuses those anyway)
      if (typeof v !== "function") throw new TypeError(`${k} must be a function`);
      el.addEventListener(k.slice(2), v);
    } else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** A polite announcement for screen readers (state changes that happen without the user acting). */
export function announce(text) {
  const live = $("#announcer");
  live.textContent = "";
  // a new text node after a tick, so the same sentence twice is announced twice
  setTimeout(() => { live.textContent = text; }, 50);
}

/**
 * Gives each body cell its column's header as data-label, which the stylesheet shows beside the value when a
 * narrow screen lays the rows out as cards (table.cards).
 */
export function labelCells(table) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const tr of table.querySelectorAll("tbody tr")) {
    [...tr.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
  }
  table.classList.add("cards");
  return table;
}
