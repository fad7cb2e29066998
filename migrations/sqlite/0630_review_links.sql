-- Client review links: a signed, expiring, revocable read-only link to a set
-- of a workspace's posts where a client approves or asks for changes without
-- an account. Only the digest of the link's secret is stored. The decisions
-- made through a link are kept per post; the decision counter limits how
-- many a link may make per hour (counted in one UPDATE).
CREATE TABLE review_links (
    id                BLOB PRIMARY KEY NOT NULL,
    owner_id          BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    digest            TEXT NOT NULL UNIQUE,
    label             TEXT NOT NULL,
    created_by        BLOB REFERENCES users(id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    revoked_at        INTEGER,
    window_started_at INTEGER NOT NULL,
    window_decisions  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX review_links_owner ON review_links(owner_id, created_at);
CREATE INDEX review_links_created_by ON review_links(created_by);

CREATE TABLE review_link_posts (
    link_id    BLOB NOT NULL REFERENCES review_links(id) ON DELETE CASCADE,
    post_id    BLOB NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    -- NULL until decided: 'approved' or 'changes_requested'.
    decision   TEXT CHECK (decision IN ('approved', 'changes_requested')),
    note       TEXT,
    decided_at INTEGER,
    PRIMARY KEY (link_id, post_id)
) STRICT;
CREATE INDEX review_link_posts_post ON review_link_posts(post_id);
