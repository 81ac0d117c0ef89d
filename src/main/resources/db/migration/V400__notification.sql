-- Shopper notifications (package dev.flashsale.notification): what each shopper was told, and the
-- state of its hand-off to the outbound channel (webhook or log).
create table notification (
    id              bigint generated always as identity primary key,
    -- what caused it, unique so a redelivered stream entry is stored once:
    -- '{saleId}:{stream entry id}' for an event, '{saleId}:remind:{holdId}' for a hold reminder
    source          varchar(200) not null unique,
    shopper         varchar(64)  not null,
    type            varchar(32)  not null,
    sale_id         bigint       not null,
    hold_id         varchar(100),
    title           varchar(200) not null,
    message         varchar(500) not null,
    deadline        timestamptz,
    created_at      timestamptz  not null,
    -- outbound hand-off: PENDING until the channel took it (SENT) or every attempt failed (DEAD)
    outbound_state  varchar(16)  not null default 'PENDING' check (outbound_state in ('PENDING', 'SENT', 'DEAD')),
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      varchar(500)
);

create index notification_shopper_idx on notification (shopper, id desc);
create index notification_outbound_due_idx on notification (next_attempt_at) where outbound_state = 'PENDING';
create index notification_dead_idx on notification (id desc) where outbound_state = 'DEAD';
