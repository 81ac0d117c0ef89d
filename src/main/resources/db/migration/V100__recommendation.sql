-- Recommendations (issue 7). Numbered from 100 so it never collides with the engine's V2..V99.

-- Behaviour events live here rather than in Redis: they are append-only, read in bulk by the
-- periodic model build and per shopper (newest first) when ranking, and kept for a retention
-- window. A range delete on an indexed timestamp does that retention; the Redis alternative
-- (per-key TTLs in DB 0) would slow hold expiry, and the data would compete with the hot path
-- for memory. Writes are batched off the request path, so the reserve path pays nothing.
-- No foreign key to sale: a batch insert should not fail, or wait on locks, because of one event.
create table behaviour_event (
    id          bigint generated always as identity primary key,
    shopper_id  varchar(128) not null,
    sale_id     bigint       not null,
    type        varchar(16)  not null,
    at          timestamptz  not null
);

create index behaviour_event_shopper_idx on behaviour_event (shopper_id, at desc);
create index behaviour_event_at_idx on behaviour_event (at);

-- What a shopper tells us about themself; every field optional (cold start is the empty profile).
create table shopper_profile (
    shopper_id           varchar(128) primary key,
    age_band             varchar(16),
    region               varchar(64),
    preferred_categories text[]       not null default '{}',
    price_band           varchar(16),
    updated_at           timestamptz  not null default now()
);
