use async_trait::async_trait;

use super::rule::{Rule, RuleId};
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// What [`AutomationRuleRepo::insert_rule`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleInsert {
    /// Stored at this position (after the account's last rule).
    Inserted { position: u32 },
    /// The account already holds the most rules allowed.
    CapReached,
    /// The owner has no such account.
    NoAccount,
}

/// Which way [`AutomationRuleRepo::move_rule`] moves a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleMove {
    /// One place earlier (tried sooner).
    Up,
    /// One place later.
    Down,
}

/// An account's automation rules. Every method is scoped to the owner of
/// the account: another user's account reads as absent.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AutomationRuleRepo: Send + Sync {
    /// Inserts `rule` last in its account's order unless the account holds
    /// `max` rules; the count, the position and the insert are one atomic
    /// step, so parallel inserts never pass the cap or share a position.
    /// `rule.position` is ignored.
    async fn insert_rule(&self, owner: UserId, rule: &Rule, max: u32) -> StoreResult<RuleInsert>;
    /// The account's rules by position.
    async fn rules(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<Rule>>;
    async fn rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> StoreResult<Option<Rule>>;
    /// Replaces the spec and `updated_at`. False when there is no such rule
    /// of the owner's in that account.
    async fn update_rule(&self, owner: UserId, rule: &Rule) -> StoreResult<bool>;
    async fn delete_rule(&self, owner: UserId, account: AccountId, id: RuleId)
    -> StoreResult<bool>;
    /// Swaps the rule with its neighbour above or below, in one atomic
    /// step under the account's lock (positions stay unique). At the top
    /// (bottom) moving up (down) changes nothing. False when there is no
    /// such rule of the owner's in that account.
    async fn move_rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
        direction: RuleMove,
    ) -> StoreResult<bool>;
}
