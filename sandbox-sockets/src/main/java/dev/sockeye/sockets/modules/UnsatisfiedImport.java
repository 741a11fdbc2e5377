package dev.sockeye.sockets.modules;

/**
 * One import of a module that Sockeye's host cannot satisfy, with the reason.
 *
 * @param module the import's module name
 * @param name the import's name
 * @param reason why it cannot be linked (unknown module, not a function of it, signature mismatch, ...)
 */
public record UnsatisfiedImport(String module, String name, String reason) {
    @Override
    public String toString() {
        return module + "." + name + ": " + reason;
    }
}
