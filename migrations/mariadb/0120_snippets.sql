-- Saved captions and hashtag groups, per user (issue 17).
CREATE TABLE snippets (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    kind       VARCHAR(16) NOT NULL,
    name       VARCHAR(255) NOT NULL,
    body       TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    INDEX snippets_owner (owner_id, kind, name),
    CONSTRAINT snippets_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
