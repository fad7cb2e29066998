-- Single-use OAuth `state` values, bound to the session that started the flow.
CREATE TABLE oauth_states (
    digest         CHAR(64) NOT NULL PRIMARY KEY,
    user_id        BINARY(16) NOT NULL,
    session_digest CHAR(64) NOT NULL,
    created_at     DATETIME(6) NOT NULL,
    expires_at     DATETIME(6) NOT NULL,
    KEY oauth_states_expiry (expires_at),
    CONSTRAINT oauth_states_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
