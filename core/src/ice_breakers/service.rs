//! Reading, replacing, publishing and removing an account's ice breakers.
//! The stored form is the account's managed automation rules (one per
//! question); Instagram holds the questions once published.

use std::collections::HashMap;

use super::model::{IceBreakerSet, is_managed, parse_payload, rule_spec};
use super::validate::{IceBreakerProblem, validate};
use crate::UserId;
use crate::account::{Account, AccountId};
use crate::accounts::{AccountError, AccountService};
use crate::automation::{AutomationError, AutomationService, MAX_RULES_PER_ACCOUNT, Rule, Trigger};
use crate::instagram::{IceBreakerLocale, InstagramError};

#[derive(Debug, thiserror::Error)]
pub enum IceBreakerError {
    /// No such account of the user's.
    #[error("no such account")]
    NotFound,
    #[error("the ice breakers have problems")]
    Invalid(Vec<IceBreakerProblem>),
    /// The answers would take the account past its rule cap.
    #[error("the account would hold more than {max} automation rules")]
    TooManyRules { max: u32 },
    /// Publishing with no question saved.
    #[error("there are no ice breakers to publish")]
    NothingToPublish,
    #[error(transparent)]
    Instagram(InstagramError),
    #[error(transparent)]
    Automation(AutomationError),
    #[error(transparent)]
    Account(AccountError),
}

impl From<AccountError> for IceBreakerError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::NotFound => IceBreakerError::NotFound,
            AccountError::Instagram(e) => IceBreakerError::Instagram(e),
            e => IceBreakerError::Account(e),
        }
    }
}

impl From<AutomationError> for IceBreakerError {
    fn from(e: AutomationError) -> Self {
        match e {
            AutomationError::NotFound => IceBreakerError::NotFound,
            AutomationError::TooMany { max } => IceBreakerError::TooManyRules { max },
            e => IceBreakerError::Automation(e),
        }
    }
}

#[derive(Clone)]
pub struct IceBreakerService {
    accounts: AccountService,
    rules: AutomationService,
}

impl IceBreakerService {
    pub fn new(accounts: AccountService, rules: AutomationService) -> Self {
        Self { accounts, rules }
    }

    async fn managed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<(Vec<Rule>, usize), IceBreakerError> {
        let all = self.rules.list(owner, account).await?;
        let total = all.len();
        Ok((all.into_iter().filter(is_managed).collect(), total))
    }

    /// The saved ice breakers (empty when none).
    pub async fn get(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<IceBreakerSet, IceBreakerError> {
        self.accounts.get(owner, account).await?;
        let (managed, _) = self.managed(owner, account).await?;
        Ok(IceBreakerSet::from_rules(&managed))
    }

    /// Validates `input` and makes the account's managed rules hold exactly
    /// it: a question kept in its place keeps its rule (and its history),
    /// new places get new rules, emptied places lose theirs. Instagram is
    /// not called (see [`Self::publish`]).
    pub async fn replace(
        &self,
        owner: UserId,
        account: AccountId,
        input: &IceBreakerSet,
    ) -> Result<IceBreakerSet, IceBreakerError> {
        let clean = validate(input).map_err(IceBreakerError::Invalid)?;
        self.accounts.get(owner, account).await?;
        let (managed, total) = self.managed(owner, account).await?;
        let others = total - managed.len();
        if others + clean.len() > MAX_RULES_PER_ACCOUNT as usize {
            return Err(IceBreakerError::TooManyRules {
                max: MAX_RULES_PER_ACCOUNT,
            });
        }
        let mut existing: HashMap<String, Rule> = HashMap::new();
        for rule in managed {
            if let Trigger::IceBreaker { payload: Some(p) } = &rule.spec.trigger {
                // Two rules with one payload (made by hand): keep one.
                if let Some(dup) = existing.insert(p.clone(), rule.clone()) {
                    self.rules.delete(owner, account, dup.id).await?;
                }
            }
        }
        let mut wanted = Vec::new();
        for (locale, payload, breaker) in clean.entries() {
            let n = parse_payload(&payload).map_or(1, |(_, n)| n);
            wanted.push((payload, rule_spec(locale, n, breaker)));
        }
        // Free places first so the cap never counts old and new together.
        let keep: Vec<&String> = wanted.iter().map(|(p, _)| p).collect();
        let gone: Vec<Rule> = existing
            .iter()
            .filter(|(p, _)| !keep.contains(p))
            .map(|(_, r)| r.clone())
            .collect();
        for rule in gone {
            self.rules.delete(owner, account, rule.id).await?;
        }
        for (payload, spec) in &wanted {
            match existing.get(payload) {
                Some(rule) if rule.spec == *spec => {}
                Some(rule) => {
                    self.rules.replace(owner, account, rule.id, spec).await?;
                }
                None => {
                    self.rules.create(owner, account, spec).await?;
                }
            }
        }
        Ok(clean)
    }

    /// What Instagram shows now.
    pub async fn published(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<IceBreakerLocale>, IceBreakerError> {
        let account = self.accounts.get(owner, account).await?;
        let access = self.access(&account)?;
        match self.accounts.instagram().ice_breakers(&access).await {
            Ok(list) => Ok(list),
            Err(e) => Err(self.instagram_failed(&account, e).await),
        }
    }

    /// Sends the saved questions to Instagram.
    pub async fn publish(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<IceBreakerSet, IceBreakerError> {
        let account = self.accounts.get(owner, account).await?;
        let (managed, _) = self.managed(owner, account.id).await?;
        // Rules may have been edited by hand since: check again.
        let set =
            validate(&IceBreakerSet::from_rules(&managed)).map_err(IceBreakerError::Invalid)?;
        if set.is_empty() {
            return Err(IceBreakerError::NothingToPublish);
        }
        let access = self.access(&account)?;
        if let Err(e) = self
            .accounts
            .instagram()
            .set_ice_breakers(&access, &set.to_instagram())
            .await
        {
            return Err(self.instagram_failed(&account, e).await);
        }
        Ok(set)
    }

    /// Removes the questions from Instagram, then their answers here.
    pub async fn remove(&self, owner: UserId, account: AccountId) -> Result<(), IceBreakerError> {
        let account = self.accounts.get(owner, account).await?;
        let access = self.access(&account)?;
        if let Err(e) = self.accounts.instagram().delete_ice_breakers(&access).await {
            return Err(self.instagram_failed(&account, e).await);
        }
        let (managed, _) = self.managed(owner, account.id).await?;
        for rule in managed {
            match self.rules.delete(owner, account.id, rule.id).await {
                Ok(()) | Err(AutomationError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    fn access(&self, account: &Account) -> Result<crate::instagram::IgAccess, IceBreakerError> {
        self.accounts
            .access(account)
            .map_err(|e| IceBreakerError::from(AccountError::from(e)))
    }

    /// Passes an Instagram error on, first marking the account for
    /// reconnection when Instagram refused its token.
    async fn instagram_failed(&self, account: &Account, e: InstagramError) -> IceBreakerError {
        if let InstagramError::TokenInvalid { message } = &e
            && let Err(err) = self.accounts.mark_needs_reconnect(account, message).await
        {
            return IceBreakerError::Account(err.into());
        }
        IceBreakerError::Instagram(e)
    }
}
