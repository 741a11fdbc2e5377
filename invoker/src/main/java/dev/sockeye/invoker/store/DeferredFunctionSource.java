package dev.sockeye.invoker.store;

import dev.sockeye.invoker.registry.FunctionSource;

/**
 * The policy store's feed for an invoker that started while Postgres was unreachable: neither live nor warm (so
 * the invoker is not ready and answers routes it cannot know 503 with Retry-After) until {@link #attach} hands it
 * the feed, from then on exactly that feed.
 */
public final class DeferredFunctionSource implements FunctionSource {

    private volatile FunctionSource attached;
    private volatile String waiting = "connecting to the policy store";

    @Override
    public String kind() {
        return "policy-store";
    }

    @Override
    public boolean live() {
        FunctionSource feed = attached;
        return feed != null && feed.live();
    }

    @Override
    public boolean warm() {
        FunctionSource feed = attached;
        return feed != null && feed.warm();
    }

    @Override
    public String detail() {
        FunctionSource feed = attached;
        return feed != null ? feed.detail() : waiting;
    }

    /** Why the last attempt to reach the store failed, for /health until the feed is attached. */
    public void unreachable(String reason) {
        waiting = "policy store unreachable since the start, retrying: " + reason;
    }

    public void attach(FunctionSource feed) {
        attached = feed;
    }
}
