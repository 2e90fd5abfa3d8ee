/**
 * The shared-store protocol: what lets several replicas (and prune Jobs) use one data directory on an NFS-class
 * volume without a coordinator. A variant name is claimed by creating a directory ({@code mkdir}, atomic on the
 * file server) for a new claim generation under {@code claims/<name>/}; the claim is a lease that its holders keep
 * alive by rewriting their heartbeat files, and it expires when an observer has seen none of its files change for
 * the lease's time to live on its own monotonic clock, so no two clocks are ever compared. Everything a reader must
 * see whole (a lease, a heartbeat, a variant, the default-variant pointer) is written aside and renamed into place.
 * docs/deploy.md describes the protocol, its delays and its NFS requirements.
 */
package dev.lvlmserve.serving.store;
