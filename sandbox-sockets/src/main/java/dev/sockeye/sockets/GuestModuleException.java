package dev.sockeye.sockets;

/** The bytes given to {@link Sandbox#compile} are not a module Sockeye can run; the message says why. */
public final class GuestModuleException extends RuntimeException {
    public GuestModuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
