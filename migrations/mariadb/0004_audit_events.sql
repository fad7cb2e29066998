-- Security-relevant events. A user's events go when the user goes.
CREATE TABLE audit_events (
    id      BINARY(16) NOT NULL PRIMARY KEY,
    at      DATETIME(6) NOT NULL,
    user_id BINARY(16) NULL,
    kind    VARCHAR(32) NOT NULL,
    ip      VARCHAR(64) NOT NULL,
    detail  VARCHAR(800) NOT NULL,
    KEY audit_events_user_at (user_id, at),
    KEY audit_events_at (at),
    CONSTRAINT audit_events_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
