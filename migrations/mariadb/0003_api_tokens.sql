-- Personal API tokens; only the digest of the secret is kept.
CREATE TABLE api_tokens (
    id           BINARY(16) NOT NULL PRIMARY KEY,
    user_id      BINARY(16) NOT NULL,
    name         VARCHAR(64) NOT NULL,
    digest       CHAR(64) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    last_used_at DATETIME(6) NULL,
    UNIQUE KEY api_tokens_digest (digest),
    KEY api_tokens_user (user_id),
    CONSTRAINT api_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
