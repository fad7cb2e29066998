-- Failed logins per throttle key ('u:<username>' or 'ip:<address>').
CREATE TABLE login_failures (
    id  BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `key` VARCHAR(128) NOT NULL,
    at  DATETIME(6) NOT NULL,
    KEY login_failures_key_at (`key`, at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
