package dev.sockeye.store.egress;

/** Whether the invoker blocks unlisted destinations or only records them (to help write the rules). */
public enum PolicyMode {
    ENFORCE,
    LEARN
}
