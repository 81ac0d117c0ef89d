-- Every admin change: who, what, the state before and after, when (GET /admin/api/audit).
create table audit_entry (
    id         bigserial primary key,
    at         timestamptz not null,
    actor      text        not null,
    action     text        not null,
    target     text        not null,
    before     jsonb,
    after      jsonb
);
create index audit_entry_at on audit_entry (at desc);
create index audit_entry_target on audit_entry (target, at desc);
