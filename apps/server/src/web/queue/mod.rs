//! The queue page (`/queue`): an account's upcoming slots of the next two
//! weeks, filled and empty, its drafts with "Add to queue", the weekly slot
//! editor with suggestions, and the calendar feed's secret link; and the
//! feed itself (`/calendar/<secret>.ics`, no session).

pub mod actions;
pub mod ics;
pub mod page;
mod view;
