-- Saved replies with variables, per user, for any reply box (issue 18).
CREATE TABLE saved_replies (
    id         BLOB NOT NULL PRIMARY KEY,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX saved_replies_owner ON saved_replies (owner_id, name);
