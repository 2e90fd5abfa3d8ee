package dev.lvlmserve.serving.store;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * This process's name in the store: the pod's name (or host name) and the process id, so that several processes on
 * one host (the multi-process test) and a restarted pod never share heartbeat files.
 */
public final class ReplicaId {
    private ReplicaId() {}

    public static String of(String configured) {
        String base = configured != null && !configured.isBlank() ? configured : host();
        return (base + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String host() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica";
        }
    }
}
