-- The waiting room's settings per sale (the queue itself lives in Redis). Kept apart from the
-- catalog's sale table: the waiting room owns it, the catalog knows nothing of it.
create table waiting_room (
    sale_id          bigint      primary key,
    enabled          boolean     not null,
    opens_at         timestamptz,
    admit_per_second int         not null check (admit_per_second > 0),
    admission_ttl_ms bigint      not null check (admission_ttl_ms > 0),
    updated_at       timestamptz not null
);
