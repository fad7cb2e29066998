-- Server-side sessions; `digest` is the SHA-256 of the cookie secret.
CREATE TABLE sessions (
    digest       TEXT PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);
