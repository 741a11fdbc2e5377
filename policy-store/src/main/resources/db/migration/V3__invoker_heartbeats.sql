-- One row per invoker process (embedded or standalone), upserted by its heartbeat: what its registry serves, so
-- the API can say which version and policy revision each live invoker runs (docs/operations.md, heartbeats).
-- Times are the database's clock (now()), so invokers' clocks never decide staleness.
create table invoker_heartbeats (
    invoker_id     text        primary key,
    started_at     timestamptz not null,
    last_seen      timestamptz not null,
    -- not seen for this long = stale (the invoker's interval times its stale-after count)
    stale_after_ms bigint      not null constraint stale_after_positive check (stale_after_ms > 0),
    ready          boolean     not null,
    status         text        not null,
    -- {"<function>": {"version": 3, "policyRevision": 7}, ...}
    served         jsonb       not null
);
