-- Client review links: a signed, expiring, revocable read-only link to a set
-- of a workspace's posts where a client approves or asks for changes without
-- an account. Only the digest of the link's secret is stored. The decisions
-- made through a link are kept per post; the decision counter limits how
-- many a link may make per hour (counted in one UPDATE).
CREATE TABLE review_links (
    id                BINARY(16) NOT NULL PRIMARY KEY,
    owner_id          BINARY(16) NOT NULL,
    digest            CHAR(64) NOT NULL,
    label             VARCHAR(320) NOT NULL,
    created_by        BINARY(16) NULL,
    created_at        DATETIME(6) NOT NULL,
    expires_at        DATETIME(6) NOT NULL,
    revoked_at        DATETIME(6) NULL,
    window_started_at DATETIME(6) NOT NULL,
    window_decisions  INT NOT NULL DEFAULT 0,
    UNIQUE KEY review_links_digest (digest),
    KEY review_links_owner (owner_id, created_at),
    KEY review_links_created_by (created_by),
    CONSTRAINT review_links_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT review_links_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE review_link_posts (
    link_id    BINARY(16) NOT NULL,
    post_id    BINARY(16) NOT NULL,
    position   INT NOT NULL,
    decision   VARCHAR(32) NULL,
    note       TEXT NULL,
    decided_at DATETIME(6) NULL,
    PRIMARY KEY (link_id, post_id),
    KEY review_link_posts_post (post_id),
    CONSTRAINT review_link_posts_decision CHECK (decision IN ('approved', 'changes_requested')),
    CONSTRAINT review_link_posts_link_fk FOREIGN KEY (link_id) REFERENCES review_links (id) ON DELETE CASCADE,
    CONSTRAINT review_link_posts_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
