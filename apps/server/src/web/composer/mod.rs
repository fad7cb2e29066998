//! The composer: a new post or an edit, as a form that keeps everything
//! typed when it is refused, with the media library's files, Instagram's
//! rules about them, and the suggested time to post.

pub mod best_times;
pub mod choices;
pub mod form;
pub mod input;
pub mod kinds;
pub mod open;
pub mod page;
pub mod preview;
pub mod repeated;
pub mod snippets;
pub mod submit;
pub mod suggestion;
pub mod upload;
pub mod user_tags;

pub use open::{edit_form, new_form};
pub use submit::{create, update};
