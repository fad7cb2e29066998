-- Idempotency keys clients sent with POST requests, per user, with the
-- first answer to replay on a retry (NULL status while the first request
-- runs). Kept 24 hours.
CREATE TABLE idempotency_keys (
    user_id       BINARY(16) NOT NULL,
    idem_key      VARCHAR(255) NOT NULL,
    fingerprint   VARCHAR(128) NOT NULL,
    reserved_at   DATETIME(6) NOT NULL,
    status        INT NULL,
    content_type  VARCHAR(255) NULL,
    body          MEDIUMBLOB NULL,
    PRIMARY KEY (user_id, idem_key),
    KEY idempotency_keys_reserved_at (reserved_at),
    CONSTRAINT idempotency_keys_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
