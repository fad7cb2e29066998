-- Connected Instagram accounts. The access token is stored only encrypted
-- (AES-SIV, key id prefixed); an Instagram account belongs to one user.
CREATE TABLE accounts (
    id                  BLOB PRIMARY KEY NOT NULL,
    owner_id            BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ig_user_id          TEXT NOT NULL UNIQUE,
    app_scoped_id       TEXT NOT NULL,
    username            TEXT NOT NULL,
    name                TEXT,
    biography           TEXT,
    website             TEXT,
    profile_picture_url TEXT,
    followers_count     INTEGER,
    follows_count       INTEGER,
    media_count         INTEGER,
    account_type        TEXT,
    token_ciphertext    BLOB NOT NULL,
    token_expires_at    INTEGER NOT NULL,
    token_refreshed_at  INTEGER NOT NULL,
    scopes              TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'needs_reconnect')),
    status_detail       TEXT,
    connected_at        INTEGER NOT NULL,
    profile_fetched_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX accounts_owner ON accounts(owner_id);
CREATE INDEX accounts_token_expiry ON accounts(status, token_expires_at);
