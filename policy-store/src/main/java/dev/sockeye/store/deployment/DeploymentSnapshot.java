package dev.sockeye.store.deployment;

import java.util.List;

/**
 * All runnable functions as of change {@code changeSequence}: start a change-feed subscriber after that sequence
 * and no write is missed or seen twice.
 */
public record DeploymentSnapshot(long changeSequence, List<DeployedFunction> functions) {}
