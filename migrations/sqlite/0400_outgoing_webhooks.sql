-- Outgoing webhooks (issue 22). Endpoints per user; the signing secret is
-- stored encrypted (AES-SIV, like account tokens). `events` is the
-- subscribed event names, comma-separated with a comma at both ends.
CREATE TABLE webhook_endpoints (
    id               BLOB NOT NULL PRIMARY KEY,
    owner_id         BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    url              TEXT NOT NULL,
    description      TEXT NOT NULL,
    events           TEXT NOT NULL,
    secret           BLOB NOT NULL,
    enabled          INTEGER NOT NULL,
    failing_since    INTEGER,
    auto_disabled_at INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, created_at);
-- The outbox: each event once, its body bytes fixed when it was made.
-- `fanned_at` is set when its deliveries were made (exactly once); an
-- event with a `dedupe_key` is recorded once per owner (NULLs never clash).
CREATE TABLE webhook_events (
    id         BLOB NOT NULL PRIMARY KEY,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    body       BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    fanned_at  INTEGER,
    dedupe_key TEXT,
    UNIQUE (owner_id, dedupe_key)
) STRICT;
CREATE INDEX webhook_events_unfanned ON webhook_events (fanned_at, created_at);
CREATE INDEX webhook_events_created ON webhook_events (created_at);
-- One event to one endpoint: the retry state, the last attempt's outcome
-- (the delivery log) and the lease of the worker sending it.
CREATE TABLE webhook_deliveries (
    id               BLOB NOT NULL PRIMARY KEY,
    endpoint_id      BLOB NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id         BLOB NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_attempt_at  INTEGER,
    status_code      INTEGER,
    error            TEXT,
    duration_ms      INTEGER,
    response_snippet TEXT,
    lease_owner      TEXT,
    lease_until      INTEGER,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
