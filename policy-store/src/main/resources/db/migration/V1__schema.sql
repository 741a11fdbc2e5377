-- Sockeye source of truth. Constraint names are part of the error messages the API returns.

-- Wasm modules, stored once per content hash however many versions use them.
create table modules (
    sha256       text primary key constraint module_sha256_is_hex check (sha256 ~ '^[0-9a-f]{64}$'),
    wasm         bytea       not null,
    size_bytes   bigint      not null constraint module_size_matches check (size_bytes = octet_length(wasm)),
    imports      text[]      not null,
    uploaded_at  timestamptz not null default now(),
    uploaded_by  text        not null
);

-- Read-only file bundles (an archive the invoker mounts), content-addressed like modules.
create table file_bundles (
    sha256       text primary key constraint bundle_sha256_is_hex check (sha256 ~ '^[0-9a-f]{64}$'),
    content      bytea       not null,
    size_bytes   bigint      not null constraint bundle_size_matches check (size_bytes = octet_length(content)),
    uploaded_at  timestamptz not null default now(),
    uploaded_by  text        not null
);

create table functions (
    id                   bigint generated always as identity primary key,
    name                 text        not null
        constraint function_name_unique unique
        constraint function_name_is_dns_label check (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    description          text        not null default '',
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    -- Highest version number handed out; versions are numbered 1, 2, 3 ... without gaps per function.
    last_version         integer     not null default 0,
    active_version       integer,
    timeout_ms           integer     not null constraint timeout_positive check (timeout_ms > 0),
    memory_pages         integer     not null constraint memory_pages_in_range check (memory_pages between 1 and 65536),
    max_concurrency      integer     not null constraint max_concurrency_positive check (max_concurrency > 0),
    max_sockets          integer     not null constraint max_sockets_not_negative check (max_sockets >= 0),
    max_request_bytes    bigint      not null constraint max_request_bytes_positive check (max_request_bytes > 0),
    max_response_bytes   bigint      not null constraint max_response_bytes_positive check (max_response_bytes > 0),
    max_egress_bytes     bigint      not null constraint max_egress_bytes_not_negative check (max_egress_bytes >= 0),
    trigger_visibility   text        not null constraint trigger_visibility_known check (trigger_visibility in ('public', 'private'))
);

-- A route belongs to exactly one function, so the router never has to pick between two.
create table routes (
    path         text   primary key constraint route_path_shape check (path ~ '^/[^\s]{0,255}$'),
    function_id  bigint not null references functions (id) on delete cascade
);
create index routes_by_function on routes (function_id);

create table versions (
    function_id         bigint      not null references functions (id) on delete cascade,
    number              integer     not null constraint version_number_positive check (number > 0),
    module_sha256       text        not null references modules (sha256),
    args                text[]      not null,
    env                 text[]      not null, -- NAME=value entries, as a process environment
    file_bundle_sha256  text        references file_bundles (sha256),
    created_at          timestamptz not null default now(),
    created_by          text        not null,
    primary key (function_id, number)
);
create index versions_by_module on versions (module_sha256);

alter table functions add constraint active_version_exists
    foreign key (id, active_version) references versions (function_id, number) deferrable initially deferred;

create function versions_are_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'version % of function % is immutable; create a new version instead', old.number, old.function_id;
end $$;
create trigger versions_are_immutable before update on versions
    for each row execute function versions_are_immutable();

-- Egress policy: current state per function, revision bumped by every write.
create table egress_policies (
    function_id  bigint primary key references functions (id) on delete cascade,
    rules        text[]      not null,
    mode         text        not null constraint policy_mode_known check (mode in ('enforce', 'learn')),
    revision     bigint      not null constraint revision_not_negative check (revision >= 0),
    updated_at   timestamptz not null default now(),
    updated_by   text        not null
);

-- Every policy change with its before and after, so an admin can see and undo it.
create table egress_policy_history (
    id            bigint generated always as identity primary key,
    function_id   bigint      not null references functions (id) on delete cascade,
    revision      bigint      not null,
    rules_before  text[]      not null,
    mode_before   text        not null,
    rules_after   text[]      not null,
    mode_after    text        not null,
    changed_at    timestamptz not null default now(),
    changed_by    text        not null,
    constraint one_history_row_per_revision unique (function_id, revision)
);

create table secrets (
    function_id  bigint      not null references functions (id) on delete cascade,
    name         text        not null constraint secret_name_is_env_name check (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,127}$'),
    key_id       text        not null,
    nonce        bytea       not null,
    ciphertext   bytea       not null,
    updated_at   timestamptz not null default now(),
    updated_by   text        not null,
    primary key (function_id, name)
);

-- Audit rows name the function instead of referencing it: they outlive deleted functions.
create table invocations (
    id               uuid primary key,
    function_name    text        not null,
    version          integer     not null,
    status           text        not null,
    started_at       timestamptz not null,
    duration_ms      bigint      not null,
    bytes_in         bigint      not null,
    bytes_out        bigint      not null,
    denials          integer     not null,
    stderr_tail      text        not null
);
create index invocations_by_function_time on invocations (function_name, started_at desc);
create index invocations_by_time on invocations (started_at);

create table egress_denials (
    id              uuid primary key,
    function_name   text        not null,
    invocation_id   uuid,
    occurred_at     timestamptz not null,
    destination     text        not null,
    reason          text        not null
);
create index egress_denials_by_function_time on egress_denials (function_name, occurred_at desc);
create index egress_denials_by_time on egress_denials (occurred_at);

create table egress_allowed_per_minute (
    function_name   text        not null,
    destination     text        not null,
    minute          timestamptz not null constraint minute_is_truncated check (minute = date_trunc('minute', minute)),
    connections     bigint      not null,
    primary key (function_name, destination, minute)
);
create index egress_allowed_by_minute on egress_allowed_per_minute (minute);

-- Batches already committed: a batch retried after a lost connection is not counted twice.
create table audit_batches (
    id            uuid primary key,
    written_at    timestamptz not null default now()
);

create table api_tokens (
    id            bigint generated always as identity primary key,
    name          text        not null constraint token_name_unique unique
                              constraint token_name_not_blank check (length(trim(name)) > 0),
    role          text        not null constraint token_role_known check (role in ('admin', 'developer', 'viewer')),
    token_sha256  bytea       not null constraint token_hash_unique unique,
    created_at    timestamptz not null default now(),
    created_by    text        not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- Change feed: one row per write that affects invokers, numbered in commit order.
create table changes (
    sequence       bigint primary key,
    kind           text        not null,
    function_name  text        not null,
    revision       bigint      not null,
    changed_at     timestamptz not null default now()
);
create sequence change_sequence as bigint owned by changes.sequence;
create index changes_by_time on changes (changed_at);

-- Highest sequence deleted by retention: a subscriber that has not seen up to here must reload everything.
create table changes_pruned (
    singleton        boolean primary key default true constraint one_row check (singleton),
    through_sequence bigint  not null
);
insert into changes_pruned (through_sequence) values (0);

-- The advisory lock serialises change writers until commit, so sequence order equals commit order and a
-- subscriber that has seen N has seen everything below N. The NOTIFY is sent at commit, or never.
create function number_and_notify_change() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('sockeye_changes'));
    new.sequence := nextval('change_sequence');
    perform pg_notify('sockeye_changes',
        new.sequence || ' ' || new.kind || ' ' || new.function_name || ' ' || new.revision);
    return new;
end $$;
create trigger number_and_notify_change before insert on changes
    for each row execute function number_and_notify_change();
