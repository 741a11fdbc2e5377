-- Every egress decision of an invocation, allowed or denied, in the order the guard made them (seq): the
-- per-invocation timeline. Invokers write at most a bounded number per invocation (docs/policy-store.md).
create table egress_decisions (
    invocation_id   uuid        not null,
    seq             integer     not null,
    function_name   text        not null,
    occurred_at     timestamptz not null,
    kind            text        not null,
    verdict         text        not null,
    destination     text        not null,
    rule            text,
    reason          text        not null,
    primary key (invocation_id, seq)
);
create index egress_decisions_by_time on egress_decisions (occurred_at);
