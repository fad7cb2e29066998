//! The media library: files with their state and problems, upload and
//! delete.

pub mod card;
pub mod page;
pub mod text;
pub mod upload;

pub use card::{MediaCard, card};
pub use text::problem_text;
