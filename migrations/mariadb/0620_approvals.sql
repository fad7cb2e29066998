-- Approvals (issue 21): who last sent a post for review (told about the
-- decision; the review states themselves are values of `posts.state`,
-- which grows to fit `changes_requested`), and the team's notes on a post
-- (never sent to Instagram).
ALTER TABLE posts MODIFY state VARCHAR(24) NOT NULL,
    ADD COLUMN submitted_by BINARY(16) NULL,
    ADD KEY posts_review (state, scheduled_at),
    ADD KEY posts_submitted_by (submitted_by),
    ADD CONSTRAINT posts_submitted_by_fk FOREIGN KEY (submitted_by) REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE post_notes (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    post_id    BINARY(16) NOT NULL,
    owner_id   BINARY(16) NOT NULL,
    author_id  BINARY(16) NULL,
    body       TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    KEY post_notes_post (post_id, created_at),
    KEY post_notes_owner (owner_id),
    KEY post_notes_author (author_id),
    CONSTRAINT post_notes_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT post_notes_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT post_notes_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
