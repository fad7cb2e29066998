use secrecy::SecretString;

/// Where the bucket is and how to sign requests to it.
#[derive(Debug, Clone)]
pub struct S3Config {
    /// The server's base URL (`https://s3.example.com`, `http://garage:3900`);
    /// `None` for AWS itself.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    /// The objects' key prefix (`media` gives `media/<id>`).
    pub prefix: String,
    /// Bytes per uploaded part (S3 requires at least 5 MiB but for the last).
    pub part_size: usize,
    /// Parts uploading at once: memory per upload is about
    /// `part_size × (parts_in_flight + 1)`.
    pub parts_in_flight: usize,
}

impl S3Config {
    pub const DEFAULT_PART_SIZE: usize = 8 << 20;
    pub const MIN_PART_SIZE: usize = 5 << 20;
    pub const DEFAULT_PARTS_IN_FLIGHT: usize = 2;

    pub fn new(
        endpoint: Option<String>,
        bucket: impl Into<String>,
        region: impl Into<String>,
        access_key_id: impl Into<String>,
        secret_access_key: SecretString,
    ) -> Self {
        Self {
            endpoint,
            bucket: bucket.into(),
            region: region.into(),
            access_key_id: access_key_id.into(),
            secret_access_key,
            prefix: "media".into(),
            part_size: Self::DEFAULT_PART_SIZE,
            parts_in_flight: Self::DEFAULT_PARTS_IN_FLIGHT,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum S3ConfigError {
    #[error("the S3 client cannot be built: {0}")]
    Client(String),
}
