//! An account's ice breakers as `messenger_profile` holds them.

/// One locale's questions as the account set them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocaleQuestions {
    pub locale: String,
    /// (question, payload), in order.
    pub questions: Vec<(String, String)>,
}
