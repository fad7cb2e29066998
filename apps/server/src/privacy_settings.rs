//! Who operates this installation and which privacy policy version is in
//! force: shown on `/privacy`, from `SOCIALFLOW_OPERATOR_*`,
//! `SOCIALFLOW_HOSTING_LOCATION` and `SOCIALFLOW_POLICY_VERSION` (read in
//! [`crate::config`]).

use socialflow_core::privacy::PolicyVersion;

pub const OPERATOR_NAME: &str = "SOCIALFLOW_OPERATOR_NAME";
pub const OPERATOR_EMAIL: &str = "SOCIALFLOW_OPERATOR_EMAIL";
pub const HOSTING_LOCATION: &str = "SOCIALFLOW_HOSTING_LOCATION";
pub const POLICY_VERSION: &str = "SOCIALFLOW_POLICY_VERSION";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivacySettings {
    /// The person or company responsible for the data.
    pub operator_name: Option<String>,
    /// Where privacy requests go.
    pub operator_email: Option<String>,
    /// Where the server and its data are, e.g. "Kazakhstan".
    pub hosting_location: Option<String>,
    /// The policy's "last updated" date; users acknowledge each new one.
    pub policy_version: PolicyVersion,
}
