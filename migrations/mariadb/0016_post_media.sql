-- Which files a post uses, in order (role 'item'), and its reel cover.
CREATE TABLE post_media (
    post_id  BINARY(16) NOT NULL,
    position INT NOT NULL,
    role     VARCHAR(8) NOT NULL,
    media_id BINARY(16) NOT NULL,
    PRIMARY KEY (post_id, role, position),
    KEY post_media_media (media_id),
    CONSTRAINT post_media_post FOREIGN KEY (post_id) REFERENCES posts(id) ON DELETE CASCADE,
    CONSTRAINT post_media_role CHECK (role IN ('item', 'cover'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
