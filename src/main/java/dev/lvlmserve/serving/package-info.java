/**
 * The Spring Boot server, packaged by feature: {@code vqa} and {@code openai} (HTTP APIs), {@code engine} (workers
 * and batching), {@code variants} (registry and persistence), {@code jobs} (pruning in the background),
 * {@code metrics}, {@code security}, {@code config} and {@code error}. Dependencies point from the HTTP packages
 * towards the engine, never back; nothing outside this package imports Spring.
 */
package dev.lvlmserve.serving;
