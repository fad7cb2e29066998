-- Shareable analytics report links: one account, one period, until
-- expires_at; only the digest of the secret URL is kept. Revoking deletes
-- the row; the account's or owner's deletion cascades.
CREATE TABLE report_links (
    id         BLOB PRIMARY KEY NOT NULL,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    range_from TEXT NOT NULL,
    range_to   TEXT NOT NULL,
    digest     TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX report_links_account ON report_links(account_id, owner_id);
CREATE INDEX report_links_owner ON report_links(owner_id);
