-- Server-side sessions; `digest` is the SHA-256 of the cookie secret.
CREATE TABLE sessions (
    digest       CHAR(64) NOT NULL PRIMARY KEY,
    user_id      BINARY(16) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    last_seen_at DATETIME(6) NOT NULL,
    expires_at   DATETIME(6) NOT NULL,
    ip           VARCHAR(64) NOT NULL,
    user_agent   VARCHAR(512) NULL,
    KEY sessions_user (user_id),
    CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
