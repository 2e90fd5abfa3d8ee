/**
 * The command-line tool (picocli): one small class per command; {@code ModelOption} resolves {@code --model} or the
 * embedded default.
 */
package dev.lvlmserve.cli;
