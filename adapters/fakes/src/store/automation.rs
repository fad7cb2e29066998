//! Automation rules in memory, with the databases' semantics (owner
//! scoping through the account, the cap and the position decided under
//! the lock, removal with the account).

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::{AutomationRuleRepo, Rule, RuleId, RuleInsert};
use socialflow_core::storage::{StoreError, StoreResult};

use super::{MemoryStore, State};

fn owns(s: &State, owner: UserId, account: AccountId) -> bool {
    s.accounts.get(&account).is_some_and(|a| a.owner == owner)
}

#[async_trait]
impl AutomationRuleRepo for MemoryStore {
    async fn insert_rule(&self, owner: UserId, rule: &Rule, max: u32) -> StoreResult<RuleInsert> {
        let mut s = self.lock();
        if !owns(&s, owner, rule.account) {
            return Ok(RuleInsert::NoAccount);
        }
        let mine: Vec<u32> = s
            .automation_rules
            .values()
            .filter(|r| r.account == rule.account)
            .map(|r| r.position)
            .collect();
        if mine.len() >= max as usize {
            return Ok(RuleInsert::CapReached);
        }
        if s.automation_rules.contains_key(&rule.id) {
            return Err(StoreError::Conflict);
        }
        let position = mine.iter().max().map_or(0, |p| p + 1);
        let mut stored = rule.clone();
        stored.position = position;
        s.automation_rules.insert(rule.id, stored);
        Ok(RuleInsert::Inserted { position })
    }

    async fn rules(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<Rule>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<Rule> = s
            .automation_rules
            .values()
            .filter(|r| r.account == account)
            .cloned()
            .collect();
        v.sort_by_key(|r| r.position);
        Ok(v)
    }

    async fn rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> StoreResult<Option<Rule>> {
        let s = self.lock();
        Ok(s.automation_rules
            .get(&id)
            .filter(|r| r.account == account && owns(&s, owner, account))
            .cloned())
    }

    async fn update_rule(&self, owner: UserId, rule: &Rule) -> StoreResult<bool> {
        let mut s = self.lock();
        if !owns(&s, owner, rule.account) {
            return Ok(false);
        }
        match s.automation_rules.get_mut(&rule.id) {
            Some(r) if r.account == rule.account => {
                r.spec = rule.spec.clone();
                r.updated_at = rule.updated_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn delete_rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        let found = owns(&s, owner, account)
            && s.automation_rules
                .get(&id)
                .is_some_and(|r| r.account == account);
        if found {
            s.automation_rules.remove(&id);
            s.automation_jobs.forget_rule(id);
        }
        Ok(found)
    }
}
