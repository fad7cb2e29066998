//! The moderation use cases: edit the lists, try a text, read the log, undo;
//! and the inbox hook that hides matching comments as they arrive.

use std::sync::Arc;

use async_trait::async_trait;

use super::list::{
    CompiledLists, Hit, ListKind, ListProblem, MAX_WORDS_PER_LIST, ModerationList, parse_words,
};
use super::log::{EntryId, LogItem, ModerationEntry};
use super::ports::ModerationRepo;
use super::starter::starter_words;
use crate::account::{Account, AccountId, AccountRepo};
use crate::accounts::AccountService;
use crate::automation::matcher::Keyword;
use crate::inbox::{CachedComment, CommentRepo, CommentsHook};
use crate::instagram::InstagramError;
use crate::store_error::{StoreError, StoreResult};
use crate::{Clock, Language, UserId};

/// How many log entries a page or an API answer shows.
pub const LOG_LIMIT: u32 = 200;
/// How many characters of a text the "Test text" box takes.
pub const MAX_TEST_TEXT_CHARS: usize = 2_200;

#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    /// No such account or log entry for this user.
    #[error("not found")]
    NotFound,
    /// The list's text has problems; nothing was saved.
    #[error("the list has problems")]
    Invalid(Vec<ListProblem>),
    /// The test text is empty or too long.
    #[error("the text is empty or longer than {max} characters")]
    InvalidText { max: usize },
    /// The custom list has no starter words.
    #[error("this list has no starter words")]
    NoStarter,
    /// The entry was already undone.
    #[error("already undone")]
    AlreadyUndone,
    #[error(transparent)]
    Instagram(#[from] InstagramError),
    /// The account's token cannot be used (erased or undecryptable).
    #[error("the account must be reconnected")]
    NoAccess,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The repositories moderation uses.
#[derive(Clone)]
pub struct ModerationStorage {
    pub moderation: Arc<dyn ModerationRepo>,
    pub accounts: Arc<dyn AccountRepo>,
    pub comments: Arc<dyn CommentRepo>,
}

#[derive(Clone)]
pub struct ModerationService {
    storage: ModerationStorage,
    accounts: AccountService,
    clock: Arc<dyn Clock>,
}

impl ModerationService {
    pub fn new(
        storage: ModerationStorage,
        accounts: AccountService,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            storage,
            accounts,
            clock,
        }
    }

    async fn account(&self, owner: UserId, id: AccountId) -> Result<Account, ModerationError> {
        self.storage
            .accounts
            .account(owner, id)
            .await?
            .ok_or(ModerationError::NotFound)
    }

    /// The account's three lists (spam, profanity, custom), a list never
    /// saved as an empty disabled one.
    pub async fn lists(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<ModerationList>, ModerationError> {
        self.account(owner, account).await?;
        let saved = self
            .storage
            .moderation
            .moderation_lists(owner, account)
            .await?;
        let now = self.clock.now();
        Ok(ListKind::ALL
            .into_iter()
            .map(|kind| {
                saved
                    .iter()
                    .find(|l| l.kind == kind)
                    .cloned()
                    .unwrap_or_else(|| ModerationList::empty(account, kind, now))
            })
            .collect())
    }

    pub async fn list(
        &self,
        owner: UserId,
        account: AccountId,
        kind: ListKind,
    ) -> Result<ModerationList, ModerationError> {
        self.lists(owner, account)
            .await?
            .into_iter()
            .find(|l| l.kind == kind)
            .ok_or(ModerationError::NotFound)
    }

    /// Replaces a list: on/off and its words, one per line. Nothing is saved
    /// when a line has a problem.
    pub async fn save(
        &self,
        owner: UserId,
        account: AccountId,
        kind: ListKind,
        enabled: bool,
        text: &str,
    ) -> Result<ModerationList, ModerationError> {
        let words = parse_words(text).map_err(ModerationError::Invalid)?;
        self.store(owner, account, kind, enabled, words).await
    }

    async fn store(
        &self,
        owner: UserId,
        account: AccountId,
        kind: ListKind,
        enabled: bool,
        words: Vec<String>,
    ) -> Result<ModerationList, ModerationError> {
        let list = ModerationList {
            account,
            kind,
            enabled,
            words,
            updated_at: self.clock.now(),
        };
        if !self
            .storage
            .moderation
            .save_moderation_list(owner, &list)
            .await?
        {
            return Err(ModerationError::NotFound);
        }
        Ok(list)
    }

    /// Adds the starter words of `language` to the list of `kind` (words it
    /// already has are kept once) and switches the list on. The list keeps
    /// at most [`MAX_WORDS_PER_LIST`] words.
    pub async fn add_starter(
        &self,
        owner: UserId,
        account: AccountId,
        kind: ListKind,
        language: Language,
    ) -> Result<ModerationList, ModerationError> {
        let starter = starter_words(kind, language).ok_or(ModerationError::NoStarter)?;
        let list = self.list(owner, account, kind).await?;
        let mut keys: Vec<Keyword> = list
            .words
            .iter()
            .filter_map(|w| Keyword::parse(w))
            .collect();
        let mut words = list.words;
        for w in starter {
            if words.len() >= MAX_WORDS_PER_LIST {
                break;
            }
            if let Some(k) = Keyword::parse(w)
                && !keys.contains(&k)
            {
                keys.push(k);
                words.push(w.to_string());
            }
        }
        self.store(owner, account, kind, true, words).await
    }

    /// What the enabled lists would do to `text`: the list and word that
    /// would hide it, or `None`.
    pub async fn test(
        &self,
        owner: UserId,
        account: AccountId,
        text: &str,
    ) -> Result<Option<Hit>, ModerationError> {
        let n = text.trim().chars().count();
        if n == 0 || n > MAX_TEST_TEXT_CHARS {
            return Err(ModerationError::InvalidText {
                max: MAX_TEST_TEXT_CHARS,
            });
        }
        let lists = self.lists(owner, account).await?;
        Ok(CompiledLists::compile(&lists).find(text))
    }

    /// The account's log, newest first.
    pub async fn log(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<LogItem>, ModerationError> {
        self.account(owner, account).await?;
        Ok(self
            .storage
            .moderation
            .moderation_log(owner, account, LOG_LIMIT)
            .await?)
    }

    /// Shows the comment again on Instagram and marks the entry undone; the
    /// lists never hide that comment again.
    pub async fn undo(
        &self,
        owner: UserId,
        id: EntryId,
    ) -> Result<ModerationEntry, ModerationError> {
        let entry = self
            .storage
            .moderation
            .moderation_entry(owner, id)
            .await?
            .ok_or(ModerationError::NotFound)?;
        if entry.undone_at.is_some() {
            return Err(ModerationError::AlreadyUndone);
        }
        let account = self.account(owner, entry.account).await?;
        let access = self
            .accounts
            .access(&account)
            .map_err(|_| ModerationError::NoAccess)?;
        if let Err(e) = self
            .accounts
            .instagram()
            .set_comment_hidden(&access, &entry.comment_id, false)
            .await
        {
            if let InstagramError::TokenInvalid { message } = &e {
                self.accounts
                    .mark_needs_reconnect(&account, message)
                    .await?;
            }
            return Err(e.into());
        }
        let at = self.clock.now();
        if !self
            .storage
            .moderation
            .mark_moderation_undone(owner, id, at)
            .await?
        {
            return Err(ModerationError::AlreadyUndone);
        }
        self.storage
            .comments
            .set_cached_comment_hidden(account.id, &entry.comment_id, false)
            .await?;
        Ok(ModerationEntry {
            undone_at: Some(at),
            ..entry
        })
    }

    /// Hides the comments of a batch that an enabled list matches: not the
    /// account's own, not already hidden, never one with a log entry (an
    /// undone one included). The lists are read and compiled once per batch.
    /// Returns how many were hidden.
    pub async fn moderate(
        &self,
        account: &Account,
        comments: &[CachedComment],
    ) -> StoreResult<u32> {
        let own = account.profile.username.as_str();
        let candidates: Vec<&CachedComment> = comments
            .iter()
            .filter(|c| !c.hidden && c.username.as_deref() != Some(own) && !c.text.is_empty())
            .collect();
        if candidates.is_empty() {
            return Ok(0);
        }
        let lists = self
            .storage
            .moderation
            .enabled_moderation_lists(account.id)
            .await?;
        let compiled = CompiledLists::compile(&lists);
        if compiled.is_empty() {
            return Ok(0);
        }
        let hits: Vec<(&CachedComment, Hit)> = candidates
            .into_iter()
            .filter_map(|c| compiled.find(&c.text).map(|h| (c, h)))
            .collect();
        if hits.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = hits.iter().map(|(c, _)| c.id.clone()).collect();
        let done = self
            .storage
            .moderation
            .moderated_comments(account.id, &ids)
            .await?;
        let Ok(access) = self.accounts.access(account) else {
            return Ok(0);
        };
        let mut hidden = 0;
        for (comment, hit) in hits {
            if done.contains(&comment.id) {
                continue;
            }
            let entry = ModerationEntry {
                id: EntryId::new(),
                account: account.id,
                comment_id: comment.id.clone(),
                media_id: comment.media_id.clone(),
                kind: hit.kind,
                word: hit.word,
                hidden_at: self.clock.now(),
                undone_at: None,
            };
            // Claimed first, so a webhook and a sync racing hide it once.
            if !self
                .storage
                .moderation
                .insert_moderation_entry(&entry)
                .await?
            {
                continue;
            }
            match self
                .accounts
                .instagram()
                .set_comment_hidden(&access, &comment.id, true)
                .await
            {
                Ok(()) => {
                    self.storage
                        .comments
                        .set_cached_comment_hidden(account.id, &comment.id, true)
                        .await?;
                    hidden += 1;
                }
                Err(e) => {
                    // Not hidden: no entry claims it, the next batch retries.
                    self.storage
                        .moderation
                        .delete_moderation_entry(account.id, entry.id)
                        .await?;
                    tracing::warn!(
                        account = %account.id,
                        comment = %comment.id,
                        error = %e,
                        "moderation could not hide a comment"
                    );
                    if let InstagramError::TokenInvalid { message } = &e {
                        self.accounts.mark_needs_reconnect(account, message).await?;
                        break;
                    }
                    if matches!(e, InstagramError::RateLimited { .. }) {
                        break;
                    }
                }
            }
        }
        Ok(hidden)
    }
}

#[async_trait]
impl CommentsHook for ModerationService {
    async fn comments_stored(
        &self,
        account: &Account,
        comments: &[CachedComment],
    ) -> StoreResult<()> {
        self.moderate(account, comments).await.map(|_| ())
    }
}
