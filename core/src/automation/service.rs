//! Creating, reading, replacing and deleting an account's rules, and
//! "Test a rule" over the comments the inbox has cached.

use std::sync::Arc;

use super::ports::{AutomationRuleRepo, RuleInsert, RuleMove};
use super::rule::{Rule, RuleId, RuleSpec};
use super::validate::{MAX_RULES_PER_ACCOUNT, RuleProblem, compile};
use crate::account::AccountId;
use crate::store_error::StoreError;
use crate::{Clock, UserId};

#[derive(Debug, thiserror::Error)]
pub enum AutomationError {
    /// No such account of the user's, or no such rule in it.
    #[error("no such rule or account")]
    NotFound,
    #[error("the rule has problems")]
    Invalid(Vec<RuleProblem>),
    #[error("at most {max} rules per account")]
    TooMany { max: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
pub struct AutomationService {
    repo: Arc<dyn AutomationRuleRepo>,
    clock: Arc<dyn Clock>,
    max_per_account: u32,
}

impl AutomationService {
    pub fn new(repo: Arc<dyn AutomationRuleRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            max_per_account: MAX_RULES_PER_ACCOUNT,
        }
    }

    /// A lower cap (tests).
    pub fn with_max_per_account(mut self, max: u32) -> Self {
        self.max_per_account = max;
        self
    }

    pub async fn list(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<Rule>, AutomationError> {
        Ok(self.repo.rules(owner, account).await?)
    }

    pub async fn get(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> Result<Rule, AutomationError> {
        self.repo
            .rule(owner, account, id)
            .await?
            .ok_or(AutomationError::NotFound)
    }

    /// Validates `spec` and stores it as the account's last rule.
    pub async fn create(
        &self,
        owner: UserId,
        account: AccountId,
        spec: &RuleSpec,
    ) -> Result<Rule, AutomationError> {
        let clean = compile(spec).map_err(AutomationError::Invalid)?.spec;
        let now = self.clock.now();
        let mut rule = Rule {
            id: RuleId::new(),
            account,
            position: 0,
            spec: clean,
            bound_media_id: None,
            created_at: now,
            updated_at: now,
        };
        match self
            .repo
            .insert_rule(owner, &rule, self.max_per_account)
            .await?
        {
            RuleInsert::Inserted { position } => {
                rule.position = position;
                Ok(rule)
            }
            RuleInsert::CapReached => Err(AutomationError::TooMany {
                max: self.max_per_account,
            }),
            RuleInsert::NoAccount => Err(AutomationError::NotFound),
        }
    }

    /// Replaces the rule's spec (its place in the order stays).
    pub async fn replace(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
        spec: &RuleSpec,
    ) -> Result<Rule, AutomationError> {
        let clean = compile(spec).map_err(AutomationError::Invalid)?.spec;
        let mut rule = self.get(owner, account, id).await?;
        rule.spec = clean;
        rule.updated_at = self.clock.now();
        if !self.repo.update_rule(owner, &rule).await? {
            return Err(AutomationError::NotFound);
        }
        Ok(rule)
    }

    pub async fn delete(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> Result<(), AutomationError> {
        if self.repo.delete_rule(owner, account, id).await? {
            Ok(())
        } else {
            Err(AutomationError::NotFound)
        }
    }

    /// Switches the rule on or off (nothing else changes).
    pub async fn set_enabled(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
        enabled: bool,
    ) -> Result<Rule, AutomationError> {
        let mut rule = self.get(owner, account, id).await?;
        if rule.spec.enabled == enabled {
            return Ok(rule);
        }
        rule.spec.enabled = enabled;
        rule.updated_at = self.clock.now();
        if !self.repo.update_rule(owner, &rule).await? {
            return Err(AutomationError::NotFound);
        }
        Ok(rule)
    }

    /// Moves the rule one place up or down; answers the account's rules in
    /// their new order.
    pub async fn move_rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
        direction: RuleMove,
    ) -> Result<Vec<Rule>, AutomationError> {
        if !self.repo.move_rule(owner, account, id, direction).await? {
            return Err(AutomationError::NotFound);
        }
        self.list(owner, account).await
    }
}
