-- Shareable analytics report links: one account, one period, until
-- expires_at; only the digest of the secret URL is kept. Revoking deletes
-- the row; the account's or owner's deletion cascades.
CREATE TABLE report_links (
    id         BINARY(16) NOT NULL PRIMARY KEY,
    owner_id   BINARY(16) NOT NULL,
    account_id BINARY(16) NOT NULL,
    range_from DATE NOT NULL,
    range_to   DATE NOT NULL,
    digest     CHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    UNIQUE KEY report_links_digest (digest),
    KEY report_links_account (account_id, owner_id),
    KEY report_links_owner (owner_id),
    CONSTRAINT report_links_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT report_links_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
