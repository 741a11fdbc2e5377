package dev.sockeye.cli.manifest;

/** A sockeye.toml that cannot be deployed: the message names the file, the line and the key. Exit 2. */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }
}
