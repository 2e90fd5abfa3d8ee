/**
 * Prune jobs as Kubernetes Jobs through the fabric8 client: the one place that knows the client, configured only
 * when {@code lvlm.jobs.runner=kubernetes}. A Job copies the template the Helm chart renders from the server's own
 * pod and runs {@code prune-job <id>}; its state is read back from the API server (the Job, and its pod for the
 * reason it waits or died), its progress from the shared store.
 */
package dev.lvlmserve.serving.jobs.kubernetes;
