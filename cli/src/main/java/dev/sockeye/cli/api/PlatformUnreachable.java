package dev.sockeye.cli.api;

/** No HTTP answer at all from the platform's URL (refused, unknown host, timeout); the CLI exits 1. */
public final class PlatformUnreachable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PlatformUnreachable(String url, String reason) {
        super("cannot reach the Sockeye platform at " + url + " (" + reason
                + "); is it running (./sockeye up) and is the URL right (sockeye login URL, SOCKEYE_URL)?");
    }
}
