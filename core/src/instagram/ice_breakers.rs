//! Ice breakers as Instagram holds them (`/me/messenger_profile`,
//! `platform=instagram`): per locale, up to four questions, each with the
//! payload a tap sends back in the `messaging_postbacks` webhook.

/// One question a person can tap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceBreakerQuestion {
    pub question: String,
    pub payload: String,
}

/// The questions of one locale (`default`, `ru_RU`, `kk_KZ`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceBreakerLocale {
    pub locale: String,
    pub questions: Vec<IceBreakerQuestion>,
}
