-- Every step of a post's life, with Instagram's answers. Never a token.
CREATE TABLE post_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id BLOB NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    event   TEXT NOT NULL,
    detail  TEXT NOT NULL
) STRICT;
CREATE INDEX post_log_post ON post_log(post_id, id);
