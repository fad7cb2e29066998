-- Saved replies with variables, per user, for any reply box (issue 18).
CREATE TABLE saved_replies (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    name       VARCHAR(255) NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    INDEX saved_replies_owner (owner_id, name),
    CONSTRAINT saved_replies_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
