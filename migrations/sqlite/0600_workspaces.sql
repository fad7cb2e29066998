-- Teams. A workspace owns accounts, posts, media, rules and saved replies by
-- the `owner_id` those tables already have: a personal workspace's id is its
-- user's id (existing data stays where it is), a shared workspace has a
-- principal row in `users` (kind 'workspace', never signs in) so every
-- owner foreign key and its cascade keep working.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
    CHECK (kind IN ('person', 'workspace'));

CREATE TABLE workspaces (
    id         BLOB PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    personal   INTEGER NOT NULL CHECK (personal IN (0, 1)),
    created_by BLOB REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX workspaces_created_by ON workspaces(created_by);

CREATE TABLE workspace_members (
    workspace_id BLOB NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id      BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL
        CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer', 'client')),
    -- 1: only the accounts in workspace_member_accounts; 0: every account.
    restricted   INTEGER NOT NULL CHECK (restricted IN (0, 1)),
    joined_at    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
) STRICT;
CREATE INDEX workspace_members_user ON workspace_members(user_id);

CREATE TABLE workspace_member_accounts (
    workspace_id BLOB NOT NULL,
    user_id      BLOB NOT NULL,
    account_id   BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (workspace_id, user_id, account_id),
    FOREIGN KEY (workspace_id, user_id)
        REFERENCES workspace_members(workspace_id, user_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX workspace_member_accounts_account ON workspace_member_accounts(account_id);

CREATE TABLE workspace_invitations (
    id           BLOB PRIMARY KEY NOT NULL,
    workspace_id BLOB NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    role         TEXT NOT NULL
        CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer', 'client')),
    -- JSON array of account ids, or NULL for every account.
    accounts     TEXT,
    email        TEXT,
    digest       TEXT NOT NULL UNIQUE,
    created_by   BLOB REFERENCES users(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    used_by      BLOB REFERENCES users(id) ON DELETE SET NULL,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX workspace_invitations_workspace ON workspace_invitations(workspace_id, created_at);
CREATE INDEX workspace_invitations_created_by ON workspace_invitations(created_by);
CREATE INDEX workspace_invitations_used_by ON workspace_invitations(used_by);

-- Every existing user gets their personal workspace, owning what they own.
INSERT INTO workspaces (id, name, personal, created_by, created_at)
    SELECT id, username, 1, id, created_at FROM users;
INSERT INTO workspace_members (workspace_id, user_id, role, restricted, joined_at)
    SELECT id, id, 'owner', 0, created_at FROM users;
