-- Which files a post uses, in order (role 'item'), and its reel cover.
CREATE TABLE post_media (
    post_id  BLOB NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('item', 'cover')),
    media_id BLOB NOT NULL,
    PRIMARY KEY (post_id, role, position)
) STRICT;
CREATE INDEX post_media_media ON post_media(media_id);
