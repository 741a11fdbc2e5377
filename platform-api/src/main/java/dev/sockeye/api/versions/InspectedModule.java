package dev.sockeye.api.versions;

import java.util.List;

/** A module that passed every check: what it is and what it needs from the host. */
public record InspectedModule(String sha256, long sizeBytes, List<String> imports, boolean usesSockets) {}
