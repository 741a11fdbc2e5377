package dev.sockeye.api.versions;

import dev.sockeye.sockets.CompiledGuest;

import java.util.List;

/** A module that passed every check, compiled ahead so its first request does not wait for the compiler. */
public record InspectedModule(String sha256, long sizeBytes, List<String> imports, boolean usesSockets,
                              CompiledGuest compiled) {
}
