//! Pieces every page uses: the layout, errors, formats, the signed-in
//! user, and the CSRF middleware with the form extractors that rely on it.

pub mod assets;
pub mod choice;
pub mod csrf;
pub mod errors;
pub mod format;
pub mod forms;
pub mod layout;
pub mod methods;
pub mod page_context;
pub mod session;
