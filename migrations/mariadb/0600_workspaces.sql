-- Teams. A workspace owns accounts, posts, media, rules and saved replies by
-- the `owner_id` those tables already have: a personal workspace's id is its
-- user's id (existing data stays where it is), a shared workspace has a
-- principal row in `users` (kind 'workspace', never signs in) so every
-- owner foreign key and its cascade keep working.
ALTER TABLE users ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'person',
    ADD CONSTRAINT users_kind CHECK (kind IN ('person', 'workspace'));

CREATE TABLE workspaces (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    name       VARCHAR(320) NOT NULL,
    personal   BOOLEAN NOT NULL,
    created_by BINARY(16) NULL,
    created_at DATETIME(6) NOT NULL,
    KEY workspaces_created_by (created_by),
    CONSTRAINT workspaces_principal_fk FOREIGN KEY (id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT workspaces_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE workspace_members (
    workspace_id BINARY(16) NOT NULL,
    user_id      BINARY(16) NOT NULL,
    role         VARCHAR(16) NOT NULL,
    restricted   BOOLEAN NOT NULL,
    joined_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    KEY workspace_members_user (user_id),
    CONSTRAINT workspace_members_role CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer', 'client')),
    CONSTRAINT workspace_members_workspace_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
    CONSTRAINT workspace_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE workspace_member_accounts (
    workspace_id BINARY(16) NOT NULL,
    user_id      BINARY(16) NOT NULL,
    account_id   BINARY(16) NOT NULL,
    PRIMARY KEY (workspace_id, user_id, account_id),
    KEY workspace_member_accounts_account (account_id),
    CONSTRAINT workspace_member_accounts_member_fk FOREIGN KEY (workspace_id, user_id)
        REFERENCES workspace_members (workspace_id, user_id) ON DELETE CASCADE,
    CONSTRAINT workspace_member_accounts_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE workspace_invitations (
    id           BINARY(16) NOT NULL PRIMARY KEY,
    workspace_id BINARY(16) NOT NULL,
    role         VARCHAR(16) NOT NULL,
    accounts     TEXT NULL,
    email        VARCHAR(320) NULL,
    digest       CHAR(64) NOT NULL,
    created_by   BINARY(16) NULL,
    created_at   DATETIME(6) NOT NULL,
    expires_at   DATETIME(6) NOT NULL,
    used_at      DATETIME(6) NULL,
    used_by      BINARY(16) NULL,
    revoked_at   DATETIME(6) NULL,
    UNIQUE KEY workspace_invitations_digest (digest),
    KEY workspace_invitations_workspace (workspace_id, created_at),
    KEY workspace_invitations_created_by (created_by),
    KEY workspace_invitations_used_by (used_by),
    CONSTRAINT workspace_invitations_role CHECK (role IN ('owner', 'admin', 'editor', 'contributor', 'viewer', 'client')),
    CONSTRAINT workspace_invitations_workspace_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
    CONSTRAINT workspace_invitations_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT workspace_invitations_used_by_fk FOREIGN KEY (used_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every existing user gets their personal workspace, owning what they own.
INSERT INTO workspaces (id, name, personal, created_by, created_at)
    SELECT id, username, TRUE, id, created_at FROM users;
INSERT INTO workspace_members (workspace_id, user_id, role, restricted, joined_at)
    SELECT id, id, 'owner', FALSE, created_at FROM users;
