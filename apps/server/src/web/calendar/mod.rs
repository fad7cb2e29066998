//! The month and week views of the Content Manager: date arithmetic
//! ([`days`]) apart from the grid the page renders ([`grid`]). Neither
//! knows what a post is: a grid holds whatever rows the page puts in it.

pub mod days;
pub mod grid;

pub use grid::{CalDay, Calendar, Span};
