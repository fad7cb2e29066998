-- Approvals (issue 21): who last sent a post for review (told about the
-- decision; the review states themselves are values of `posts.state`),
-- and the team's notes on a post (never sent to Instagram).
ALTER TABLE posts ADD COLUMN submitted_by BLOB REFERENCES users(id) ON DELETE SET NULL;
-- The expiry sweep reads posts under review by their time.
CREATE INDEX posts_review ON posts(state, scheduled_at);

CREATE TABLE post_notes (
    id         BLOB PRIMARY KEY NOT NULL,
    post_id    BLOB NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    author_id  BLOB REFERENCES users(id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX post_notes_post ON post_notes(post_id, created_at);
CREATE INDEX post_notes_owner ON post_notes(owner_id);
CREATE INDEX post_notes_author ON post_notes(author_id);
