-- Posts and their publishing state. `version` guards every update; the
-- lease (owner + expiry) lets any number of workers claim due posts.
CREATE TABLE posts (
    id                   BLOB PRIMARY KEY NOT NULL,
    owner_id             BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id           BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('reel', 'post', 'carousel', 'story')),
    state                TEXT NOT NULL,
    content              TEXT NOT NULL,
    scheduled_at         INTEGER,
    child_containers     TEXT NOT NULL,
    container_id         TEXT,
    ig_media_id          TEXT,
    permalink            TEXT,
    first_comment_id     TEXT,
    first_comment_tried  INTEGER NOT NULL,
    hold                 TEXT,
    reason               TEXT,
    attempts             INTEGER NOT NULL,
    next_action_at       INTEGER,
    publish_started_at   INTEGER,
    published_at         INTEGER,
    failure_acknowledged INTEGER NOT NULL,
    version              INTEGER NOT NULL,
    lease_owner          TEXT,
    lease_until          INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX posts_due ON posts(next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX posts_owner_time ON posts(owner_id, scheduled_at);
CREATE INDEX posts_account ON posts(account_id);
