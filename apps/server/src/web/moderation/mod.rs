//! `/inbox/moderation`: an account's word lists that hide comments, a box to
//! try a text, and the log of hidden comments with undo.

pub mod page;
