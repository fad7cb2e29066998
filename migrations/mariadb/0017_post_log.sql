-- Every step of a post's life, with Instagram's answers. Never a token.
CREATE TABLE post_log (
    id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    post_id BINARY(16) NOT NULL,
    at      DATETIME(6) NOT NULL,
    event   VARCHAR(32) NOT NULL,
    detail  TEXT NOT NULL,
    KEY post_log_post (post_id, id),
    CONSTRAINT post_log_post FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
