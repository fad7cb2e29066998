//! Instagram's cap on containers: an account may create at most 400 in a
//! rolling 24 hours, each carousel item counting (a 10-item carousel costs
//! 11). Instagram does not say how many are used, so the publisher records
//! every container it creates and the count is ours.

use serde::Serialize;
use time::Duration;

use super::{PostContent, PostKind};

/// Containers an account may create per [`BUDGET_WINDOW`].
pub const CONTAINERS_PER_DAY: u32 = 400;
/// The rolling window the cap counts over.
pub const BUDGET_WINDOW: Duration = Duration::hours(24);

/// An account's containers in the last 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContainerBudget {
    pub used: u32,
    pub cap: u32,
}

impl ContainerBudget {
    pub fn new(used: u32) -> Self {
        Self {
            used,
            cap: CONTAINERS_PER_DAY,
        }
    }

    pub fn remaining(&self) -> u32 {
        self.cap.saturating_sub(self.used)
    }

    /// Whether `needed` more containers fit.
    pub fn allows(&self, needed: u32) -> bool {
        needed <= self.remaining()
    }
}

/// Containers preparing `content` creates: one, or a carousel's items and
/// the carousel itself.
pub fn containers_needed(content: &PostContent) -> u32 {
    match content.kind {
        PostKind::Carousel => u32::try_from(content.media.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1),
        _ => 1,
    }
}

/// What editing a post means for the account's containers: shown before
/// the edit (the post page, the API) and checked when it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EditForecast {
    /// Containers were made: an edit of the content prepares the post
    /// again (moving only the time may keep them).
    pub discards: bool,
    /// Containers preparing it again creates.
    pub needed: u32,
    /// The account's count today.
    pub budget: ContainerBudget,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_down_and_refuses_past_the_cap() {
        let b = ContainerBudget::new(398);
        assert_eq!(b.remaining(), 2);
        assert!(b.allows(2));
        assert!(!b.allows(3));
        assert_eq!(ContainerBudget::new(450).remaining(), 0);
    }
}
