use std::sync::Arc;

use super::{
    MAX_SAVED_REPLIES_PER_USER, ReplyVariables, SavedReply, SavedReplyId, SavedReplyInput,
    SavedReplyProblem, SavedReplyRepo, expand, insert_into,
};
use crate::store_error::StoreError;
use crate::{Clock, UserId};

#[derive(Debug, thiserror::Error)]
pub enum SavedReplyError {
    #[error("no such saved reply")]
    NotFound,
    #[error("the saved reply has problems")]
    Invalid(Vec<SavedReplyProblem>),
    #[error("at most {max} saved replies per user")]
    TooMany { max: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Saved replies of one user at a time.
#[derive(Clone)]
pub struct SavedReplyService {
    repo: Arc<dyn SavedReplyRepo>,
    clock: Arc<dyn Clock>,
    max_per_user: u32,
}

impl SavedReplyService {
    pub fn new(repo: Arc<dyn SavedReplyRepo>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            max_per_user: MAX_SAVED_REPLIES_PER_USER,
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

    pub async fn list(&self, owner: UserId) -> Result<Vec<SavedReply>, SavedReplyError> {
        Ok(self.repo.saved_replies(owner).await?)
    }

    pub async fn get(
        &self,
        owner: UserId,
        id: SavedReplyId,
    ) -> Result<SavedReply, SavedReplyError> {
        self.repo
            .saved_reply(owner, id)
            .await?
            .ok_or(SavedReplyError::NotFound)
    }

    pub async fn create(
        &self,
        owner: UserId,
        input: &SavedReplyInput,
    ) -> Result<SavedReply, SavedReplyError> {
        let clean = input.validate().map_err(SavedReplyError::Invalid)?;
        let now = self.clock.now();
        let reply = SavedReply {
            id: SavedReplyId::new(),
            owner,
            name: clean.name,
            text: clean.text,
            created_at: now,
            updated_at: now,
        };
        if !self
            .repo
            .insert_saved_reply(&reply, self.max_per_user)
            .await?
        {
            return Err(SavedReplyError::TooMany {
                max: self.max_per_user,
            });
        }
        Ok(reply)
    }

    pub async fn update(
        &self,
        owner: UserId,
        id: SavedReplyId,
        input: &SavedReplyInput,
    ) -> Result<SavedReply, SavedReplyError> {
        let clean = input.validate().map_err(SavedReplyError::Invalid)?;
        let mut reply = self.get(owner, id).await?;
        reply.name = clean.name;
        reply.text = clean.text;
        reply.updated_at = self.clock.now();
        if !self.repo.update_saved_reply(&reply).await? {
            return Err(SavedReplyError::NotFound);
        }
        Ok(reply)
    }

    pub async fn delete(&self, owner: UserId, id: SavedReplyId) -> Result<(), SavedReplyError> {
        if self.repo.delete_saved_reply(owner, id).await? {
            Ok(())
        } else {
            Err(SavedReplyError::NotFound)
        }
    }

    /// The reply box after inserting the owner's saved reply `id` with
    /// `vars` filled in: the expanded text if `draft` is empty, else
    /// appended to it.
    pub async fn insert(
        &self,
        owner: UserId,
        id: SavedReplyId,
        draft: &str,
        vars: &ReplyVariables,
    ) -> Result<String, SavedReplyError> {
        let reply = self.get(owner, id).await?;
        Ok(insert_into(draft, &expand(&reply.text, vars)))
    }
}
