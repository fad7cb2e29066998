-- Outgoing webhooks (issue 22). Endpoints per user; the signing secret is
-- stored encrypted (AES-SIV, like account tokens). `events` is the
-- subscribed event names, comma-separated with a comma at both ends.
CREATE TABLE webhook_endpoints (
    id               BINARY(16) NOT NULL PRIMARY KEY,
    owner_id         BINARY(16) NOT NULL,
    url              VARCHAR(2000) NOT NULL,
    description      VARCHAR(800) NOT NULL,
    events           VARCHAR(400) NOT NULL,
    secret           VARBINARY(512) NOT NULL,
    enabled          BOOLEAN NOT NULL,
    failing_since    DATETIME(6) NULL,
    auto_disabled_at DATETIME(6) NULL,
    created_at       DATETIME(6) NOT NULL,
    updated_at       DATETIME(6) NOT NULL,
    KEY webhook_endpoints_owner (owner_id, created_at),
    CONSTRAINT webhook_endpoints_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- The outbox: each event once, its body bytes fixed when it was made.
-- `fanned_at` is set when its deliveries were made (exactly once); an
-- event with a `dedupe_key` is recorded once per owner (NULLs never clash).
CREATE TABLE webhook_events (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    kind       VARCHAR(40) NOT NULL,
    body       MEDIUMBLOB NOT NULL,
    created_at DATETIME(6) NOT NULL,
    fanned_at  DATETIME(6) NULL,
    dedupe_key VARCHAR(200) NULL,
    UNIQUE KEY webhook_events_dedupe (owner_id, dedupe_key),
    KEY webhook_events_unfanned (fanned_at, created_at),
    KEY webhook_events_created (created_at),
    CONSTRAINT webhook_events_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- One event to one endpoint: the retry state, the last attempt's outcome
-- (the delivery log) and the lease of the worker sending it.
CREATE TABLE webhook_deliveries (
    id               BINARY(16) NOT NULL PRIMARY KEY,
    endpoint_id      BINARY(16) NOT NULL,
    event_id         BINARY(16) NOT NULL,
    state            VARCHAR(16) NOT NULL,
    attempts         INT UNSIGNED NOT NULL,
    next_attempt_at  DATETIME(6) NOT NULL,
    last_attempt_at  DATETIME(6) NULL,
    status_code      BIGINT NULL,
    error            VARCHAR(1200) NULL,
    duration_ms      BIGINT NULL,
    response_snippet TEXT NULL,
    lease_owner      VARCHAR(200) NULL,
    lease_until      DATETIME(6) NULL,
    created_at       DATETIME(6) NOT NULL,
    KEY webhook_deliveries_due (state, next_attempt_at),
    KEY webhook_deliveries_endpoint (endpoint_id, created_at),
    KEY webhook_deliveries_event (event_id),
    CONSTRAINT webhook_deliveries_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    CONSTRAINT webhook_deliveries_event_fk FOREIGN KEY (event_id) REFERENCES webhook_events (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
