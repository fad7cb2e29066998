-- Saved captions and hashtag groups, per user (issue 17).
CREATE TABLE snippets (
    id         BLOB NOT NULL PRIMARY KEY,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX snippets_owner ON snippets (owner_id, kind, name);
