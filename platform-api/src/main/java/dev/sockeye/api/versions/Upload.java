package dev.sockeye.api.versions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One upload of a new version, however it arrived (raw body or multipart).
 *
 * @param files    a zip of read-only files the guest sees, if any
 * @param activate make it the active version right away
 */
public record Upload(
        byte[] wasm, Optional<byte[]> files, List<String> args, Map<String, String> env, boolean activate) {}
