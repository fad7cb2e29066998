//! The planner: month, week and day views (week and day on an hour grid
//! in the user's time zone), the drafts tray, the posts already on
//! Instagram, and the profile grid preview; moving posts by drag, keyboard
//! or a plain form. Date arithmetic ([`days`]) and the grid of days
//! ([`grid`]) know no posts; the pages fill them.

pub mod colors;
pub mod days;
pub mod entries;
pub mod grid;
pub mod hours;
pub mod moves;
pub mod page;
pub mod profile;

pub use grid::{CalDay, Calendar, Span};
