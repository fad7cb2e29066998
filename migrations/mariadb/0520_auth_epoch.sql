-- The shared revocation epoch (issue 20): one row, bumped in the same
-- transaction as every write that ends a session or token or changes a
-- user. Each server process uses a cached authentication answer only while
-- this number is unchanged, so a revocation made by any process (or the
-- CLI) is seen by all of them on their next request.
CREATE TABLE auth_epoch (
    id    TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    epoch BIGINT NOT NULL,
    CONSTRAINT auth_epoch_one_row CHECK (id = 1)
) ENGINE = InnoDB;
INSERT INTO auth_epoch (id, epoch) VALUES (1, 0);
