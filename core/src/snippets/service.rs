use std::sync::Arc;

use super::{MAX_SNIPPETS_PER_USER, Snippet, SnippetId, SnippetInput, SnippetProblem, SnippetRepo};
use crate::store_error::StoreError;
use crate::{Clock, UserId};

#[derive(Debug, thiserror::Error)]
pub enum SnippetError {
    #[error("no such snippet")]
    NotFound,
    #[error("the snippet has problems")]
    Invalid(Vec<SnippetProblem>),
    #[error("at most {max} snippets per user")]
    TooMany { max: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Saved captions and hashtag groups of one user at a time.
#[derive(Clone)]
pub struct SnippetService {
    repo: Arc<dyn SnippetRepo>,
    clock: Arc<dyn Clock>,
    max_per_user: u32,
}

impl SnippetService {
    pub fn new(repo: Arc<dyn SnippetRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            max_per_user: MAX_SNIPPETS_PER_USER,
        }
    }

    /// A lower cap (tests).
    pub fn with_max_per_user(mut self, max: u32) -> Self {
        self.max_per_user = max;
        self
    }

    pub fn max_per_user(&self) -> u32 {
        self.max_per_user
    }

    pub async fn list(&self, owner: UserId) -> Result<Vec<Snippet>, SnippetError> {
        Ok(self.repo.snippets(owner).await?)
    }

    pub async fn get(&self, owner: UserId, id: SnippetId) -> Result<Snippet, SnippetError> {
        self.repo
            .snippet(owner, id)
            .await?
            .ok_or(SnippetError::NotFound)
    }

    pub async fn create(
        &self,
        owner: UserId,
        input: &SnippetInput,
    ) -> Result<Snippet, SnippetError> {
        let clean = input.validate().map_err(SnippetError::Invalid)?;
        let now = self.clock.now();
        let snippet = Snippet {
            id: SnippetId::new(),
            owner,
            kind: clean.kind,
            name: clean.name,
            text: clean.text,
            created_at: now,
            updated_at: now,
        };
        if !self
            .repo
            .insert_snippet(&snippet, self.max_per_user)
            .await?
        {
            return Err(SnippetError::TooMany {
                max: self.max_per_user,
            });
        }
        Ok(snippet)
    }

    pub async fn update(
        &self,
        owner: UserId,
        id: SnippetId,
        input: &SnippetInput,
    ) -> Result<Snippet, SnippetError> {
        let clean = input.validate().map_err(SnippetError::Invalid)?;
        let mut snippet = self.get(owner, id).await?;
        snippet.kind = clean.kind;
        snippet.name = clean.name;
        snippet.text = clean.text;
        snippet.updated_at = self.clock.now();
        if !self.repo.update_snippet(&snippet).await? {
            return Err(SnippetError::NotFound);
        }
        Ok(snippet)
    }

    pub async fn delete(&self, owner: UserId, id: SnippetId) -> Result<(), SnippetError> {
        if self.repo.delete_snippet(owner, id).await? {
            Ok(())
        } else {
            Err(SnippetError::NotFound)
        }
    }
}
