//! Reading the outgoing webhooks' settings. Checked at start so a typo
//! stops the process with one clear line.

use super::ConfigError;

pub const WEBHOOKS_ALLOW_PRIVATE: &str = "SOCIALFLOW_WEBHOOKS_ALLOW_PRIVATE";
pub const WEBHOOKS_ALLOW_HTTP: &str = "SOCIALFLOW_WEBHOOKS_ALLOW_HTTP";
pub const WEBHOOKS_LEASE_SECS: &str = "SOCIALFLOW_WEBHOOKS_LEASE_SECS";
pub const WEBHOOKS_CONCURRENCY: &str = "SOCIALFLOW_WEBHOOKS_CONCURRENCY";

/// Longer than the 10 s send timeout, so a delivery in flight is never
/// taken over by another worker.
const LEASE_SECS_RANGE: std::ops::RangeInclusive<i64> = 15..=3_600;
const CONCURRENCY_RANGE: std::ops::RangeInclusive<usize> = 1..=64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutgoingWebhooksConfig {
    /// Deliver to loopback, private, link-local and other non-public
    /// addresses (receivers on the operator's own network, tests).
    pub allow_private: bool,
    /// Accept `http://` endpoint URLs, not only `https://`.
    pub allow_http: bool,
    /// Seconds a worker holds a claimed delivery.
    pub lease_secs: i64,
    /// Deliveries in flight at once per worker.
    pub concurrency: usize,
}

impl Default for OutgoingWebhooksConfig {
    fn default() -> Self {
        Self {
            allow_private: false,
            allow_http: false,
            lease_secs: 60,
            concurrency: 8,
        }
    }
}

fn flag(get: &impl Fn(&str) -> Option<String>, var: &'static str) -> Result<bool, ConfigError> {
    match get(var).map(|v| v.to_ascii_lowercase()).as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(other) => Err(ConfigError::new(
            var,
            format!("expected true or false, got {other:?}"),
        )),
    }
}

pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<OutgoingWebhooksConfig, ConfigError> {
    let d = OutgoingWebhooksConfig::default();
    let lease_secs = match get(WEBHOOKS_LEASE_SECS) {
        None => d.lease_secs,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if LEASE_SECS_RANGE.contains(&n) => n,
            _ => {
                return Err(ConfigError::new(
                    WEBHOOKS_LEASE_SECS,
                    format!(
                        "expected a number of seconds from {} to {}, got {v:?}",
                        LEASE_SECS_RANGE.start(),
                        LEASE_SECS_RANGE.end()
                    ),
                ));
            }
        },
    };
    let concurrency = match get(WEBHOOKS_CONCURRENCY) {
        None => d.concurrency,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if CONCURRENCY_RANGE.contains(&n) => n,
            _ => {
                return Err(ConfigError::new(
                    WEBHOOKS_CONCURRENCY,
                    format!(
                        "expected a number from {} to {}, got {v:?}",
                        CONCURRENCY_RANGE.start(),
                        CONCURRENCY_RANGE.end()
                    ),
                ));
            }
        },
    };
    Ok(OutgoingWebhooksConfig {
        allow_private: flag(&get, WEBHOOKS_ALLOW_PRIVATE)?,
        allow_http: flag(&get, WEBHOOKS_ALLOW_HTTP)?,
        lease_secs,
        concurrency,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<OutgoingWebhooksConfig, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read(move |k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_are_strict_and_each_setting_is_checked() {
        assert_eq!(cfg(&[]).unwrap(), OutgoingWebhooksConfig::default());
        let c = cfg(&[
            (WEBHOOKS_ALLOW_PRIVATE, "true"),
            (WEBHOOKS_ALLOW_HTTP, "yes"),
            (WEBHOOKS_LEASE_SECS, "20"),
            (WEBHOOKS_CONCURRENCY, "2"),
        ])
        .unwrap();
        assert!(c.allow_private && c.allow_http);
        assert_eq!((c.lease_secs, c.concurrency), (20, 2));
        for (var, bad) in [
            (WEBHOOKS_ALLOW_PRIVATE, "maybe"),
            (WEBHOOKS_LEASE_SECS, "5"),
            (WEBHOOKS_CONCURRENCY, "0"),
        ] {
            assert_eq!(cfg(&[(var, bad)]).unwrap_err().var, var);
        }
    }
}
