//! Notifications: the centre (`/notifications`: list, mark read, mark all
//! read) and the preferences (`/settings/notifications`: kinds in the app
//! and by e-mail, address, quiet hours, a test e-mail).

pub mod centre;
pub mod preferences;
