/** A closed-loop HTTP load generator (loopback only) for the {@code loadtest} command. */
package dev.lvlmserve.eval.load;
