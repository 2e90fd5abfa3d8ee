/**
 * The operator console's wiring: its static files ({@code classpath:/static/console/}, plain ES modules and CSS)
 * are served by Spring's resource handler at {@code /console/}, {@code /} and {@code /console} redirect there, and
 * every console response carries a Content-Security-Policy that allows only this origin's own scripts, styles,
 * images and API calls — no inline script, nothing from elsewhere. The console uses the public API alone; it holds
 * no privilege of its own (its files are public, the API calls it makes carry the operator's keys).
 */
package dev.lvlmserve.serving.console;
