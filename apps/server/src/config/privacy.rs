//! Reading the operator's privacy settings (`SOCIALFLOW_OPERATOR_*`,
//! `SOCIALFLOW_HOSTING_LOCATION`, `SOCIALFLOW_POLICY_VERSION`).

use socialflow_core::privacy::PolicyVersion;

use super::ConfigError;
use crate::privacy_settings::{
    HOSTING_LOCATION, OPERATOR_EMAIL, OPERATOR_NAME, POLICY_VERSION, PrivacySettings,
};

/// Reads the settings through `get` (trimmed, empty = unset).
pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<PrivacySettings, ConfigError> {
    let operator_email = get(OPERATOR_EMAIL);
    if let Some(email) = &operator_email {
        let ok = email
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !email.contains(' '));
        if !ok {
            return Err(ConfigError::new(
                OPERATOR_EMAIL,
                format!("expected an e-mail address such as privacy@example.com, got {email:?}"),
            ));
        }
    }
    let policy_version = match get(POLICY_VERSION) {
        None => PolicyVersion::built_in(),
        Some(v) => {
            PolicyVersion::parse(&v).map_err(|e| ConfigError::new(POLICY_VERSION, e.to_string()))?
        }
    };
    if policy_version < PolicyVersion::built_in() {
        return Err(ConfigError::new(
            POLICY_VERSION,
            format!(
                "the policy text shipped with this version is dated {}; use that date or a later one",
                PolicyVersion::BUILT_IN
            ),
        ));
    }
    Ok(PrivacySettings {
        operator_name: get(OPERATOR_NAME),
        operator_email,
        hosting_location: get(HOSTING_LOCATION),
        policy_version,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read_pairs(pairs: &[(&str, &str)]) -> Result<PrivacySettings, ConfigError> {
        read(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_to_the_built_in_policy_date() {
        let s = read_pairs(&[]).unwrap();
        assert_eq!(s.policy_version.to_string(), PolicyVersion::BUILT_IN);
        assert_eq!(s.operator_email, None);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = read_pairs(&[(OPERATOR_EMAIL, "nobody")]).unwrap_err();
        assert_eq!(e.var, OPERATOR_EMAIL);
        let e = read_pairs(&[(POLICY_VERSION, "yesterday")]).unwrap_err();
        assert_eq!(e.var, POLICY_VERSION);
        let e = read_pairs(&[(POLICY_VERSION, "2020-01-01")]).unwrap_err();
        assert_eq!(e.var, POLICY_VERSION);
        let s = read_pairs(&[(POLICY_VERSION, "2030-02-03"), (OPERATOR_NAME, "Almas N.")]).unwrap();
        assert_eq!(s.policy_version.to_string(), "2030-02-03");
        assert_eq!(s.operator_name.as_deref(), Some("Almas N."));
    }
}
