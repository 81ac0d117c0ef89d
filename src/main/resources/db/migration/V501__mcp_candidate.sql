-- Candidates an admin found by a search, so that "import" works on any instance (not only the one that
-- served the search); kept until expires_at, deleted by later searches.
create table mcp_candidate (
    id         text primary key,
    body       jsonb       not null,
    expires_at timestamptz not null
);
create index mcp_candidate_expires on mcp_candidate (expires_at);
