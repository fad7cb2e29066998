-- Users of SocialFlow. Times are UTC in DATETIME(6).
CREATE TABLE users (
    id            BINARY(16) NOT NULL PRIMARY KEY,
    username      VARCHAR(32) NOT NULL,
    password_hash VARCHAR(128) NOT NULL,
    role          VARCHAR(16) NOT NULL,
    language      VARCHAR(8) NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    UNIQUE KEY users_username (username),
    CONSTRAINT users_role CHECK (role IN ('user', 'admin')),
    CONSTRAINT users_language CHECK (language IN ('en', 'ru', 'kk'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
