package dev.sockeye.sockets.egress;

/** The transport protocol of a guest socket, as egress rules name it. */
public enum Transport {
    TCP,
    UDP;

    /** The lower-case name used in rules, logs and audit rows. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
