//! The bulk import use case: a CSV becomes posts, all of them or none.
//! Each row is turned into the composer's [`PostInput`] and checked by the
//! same rules ([`PostService::problems`]: kind, media, caption, time), so
//! an import refuses exactly what the composer would.

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;

use super::export::{ExportRow, restore, write_csv};
use super::fields::{TimeError, format_local, media_names, parse_kind, parse_time};
use super::preview::{ImportError, ImportPreview, RowProblem, RowReport};
use super::table::{Column, ImportLimits, TableRow, parse_table};
use crate::account::{Account, AccountId, AccountRepo};
use crate::media::MediaId;
use crate::posts::{
    CaptionLimits, Post, PostError, PostFilter, PostInput, PostMedia, PostOptions, PostProblem,
    PostService, PostState, check_caption,
};
use crate::timezone::TimeZone;
use crate::workspaces::Access;
use crate::{Clock, RequestContext, UserId};

/// More upcoming posts than any schedule holds.
const EXPORT_MAX_POSTS: u32 = 100_000;

/// A file sent with the import (in the same form), by the name it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    pub name: String,
    pub id: MediaId,
}

#[derive(Clone)]
pub struct PostImporter {
    posts: PostService,
    accounts: Arc<dyn AccountRepo>,
    media: Arc<dyn PostMedia>,
    clock: Arc<dyn Clock>,
    limits: ImportLimits,
}

/// The user's files by name (original file name) and by id.
struct Library {
    by_name: HashMap<String, Vec<MediaId>>,
    ids: Vec<MediaId>,
}

impl Library {
    /// The file a name means: one sent with the import wins over the
    /// library (the user just chose it); an id always works.
    fn find(&self, name: &str, uploaded: &[UploadedFile]) -> Result<MediaId, RowProblem> {
        let sent: Vec<MediaId> = uploaded
            .iter()
            .filter(|u| u.name == name)
            .map(|u| u.id)
            .collect();
        let found = if sent.is_empty() {
            if let Ok(id) = name.parse::<MediaId>()
                && self.ids.contains(&id)
            {
                return Ok(id);
            }
            self.by_name.get(name).cloned().unwrap_or_default()
        } else {
            sent
        };
        match found.as_slice() {
            [] => Err(RowProblem::MediaNotFound { name: name.into() }),
            [one] => Ok(*one),
            [first, second, ..] => Err(RowProblem::MediaAmbiguous {
                name: name.into(),
                first: *first,
                second: *second,
            }),
        }
    }
}

impl PostImporter {
    pub fn new(
        posts: PostService,
        accounts: Arc<dyn AccountRepo>,
        media: Arc<dyn PostMedia>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            posts,
            accounts,
            media,
            clock,
            limits: ImportLimits::default(),
        }
    }

    pub fn with_limits(mut self, limits: ImportLimits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> &ImportLimits {
        &self.limits
    }

    /// Checks every row; saves nothing.
    pub async fn preview(
        &self,
        owner: UserId,
        zone: &TimeZone,
        csv: &[u8],
        uploaded: &[UploadedFile],
    ) -> Result<ImportPreview, ImportError> {
        let rows = parse_table(csv, &self.limits)?;
        let now = self.clock.now();
        let accounts = self
            .accounts
            .accounts_of(owner)
            .await
            .map_err(PostError::from)?;
        let library = self.library(owner, now).await?;
        let mut reports = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut report = self.read_row(row, zone, &accounts, &library, uploaded);
            if let Some(input) = &report.input {
                let known_account = !report
                    .problems
                    .iter()
                    .any(|p| matches!(p, RowProblem::UnknownAccount { .. }));
                let found = self.posts.problems(owner, input).await?;
                let media_resolved = report.media_resolved();
                report.problems.extend(
                    found
                        .into_iter()
                        // Said once already, in the row's own words.
                        .filter(|p| known_account || *p != PostProblem::AccountNotFound)
                        .filter(|p| !matches!(p, PostProblem::MediaCount { .. }) || media_resolved)
                        .map(RowProblem::Post),
                );
            }
            reports.push(report);
        }
        Ok(ImportPreview { rows: reports })
    }

    /// Saves every row's post in one unit of work, or none: a file with one
    /// bad row imports nothing and the answer names the row.
    pub async fn commit(
        &self,
        owner: UserId,
        zone: &TimeZone,
        csv: &[u8],
        uploaded: &[UploadedFile],
        ctx: &RequestContext,
    ) -> Result<Vec<Post>, ImportError> {
        let mut preview = self.preview(owner, zone, csv, uploaded).await?;
        if !preview.ok() {
            return Err(ImportError::Invalid(preview));
        }
        let inputs: Vec<PostInput> = preview
            .rows
            .iter()
            .filter_map(|r| r.input.clone())
            .collect();
        match self.posts.create_all(owner, inputs, ctx).await {
            Ok(posts) => Ok(posts),
            // Something changed between the check and the save (a file
            // deleted, the minute passed): the row says what.
            Err((i, PostError::Invalid(problems))) => {
                if let Some(row) = preview.rows.get_mut(i) {
                    row.problems
                        .extend(problems.into_iter().map(RowProblem::Post));
                }
                Err(ImportError::Invalid(preview))
            }
            Err((_, e)) => Err(e.into()),
        }
    }

    /// The workspace's upcoming posts and drafts as CSV (see
    /// [`write_csv`]), soonest first, drafts last: those of the accounts
    /// the member sees.
    pub async fn export(&self, access: &Access, zone: &TimeZone) -> Result<Vec<u8>, PostError> {
        let owner = access.owner();
        let now = self.clock.now();
        let filter = PostFilter {
            accounts: access.account_ids(),
            states: vec![
                PostState::Draft,
                PostState::Scheduled,
                PostState::Preparing,
                PostState::Ready,
            ],
            limit: EXPORT_MAX_POSTS,
            ..PostFilter::default()
        };
        let posts = self.posts.list(owner, &filter).await?;
        let accounts = self.accounts.accounts_of(owner).await?;
        let library = self.library(owner, now).await?;
        let label = |id: MediaId| -> String {
            let named = library.by_name.iter().find(|(_, ids)| ids.contains(&id));
            match named {
                // A name two files share would not import back: the id does.
                Some((name, ids)) if ids.len() == 1 && name.parse::<MediaId>().is_err() => {
                    name.clone()
                }
                _ => id.to_string(),
            }
        };
        let mut rows: Vec<(Option<OffsetDateTime>, ExportRow)> = posts
            .iter()
            .map(|p| {
                let c = &p.content;
                let caption =
                    check_caption(&c.caption, &c.hashtags, None, &CaptionLimits::INSTAGRAM).text;
                let account = accounts.iter().find(|a| a.id == c.account_id).map_or_else(
                    || c.account_id.0.to_string(),
                    |a| a.profile.username.clone(),
                );
                (
                    c.scheduled_at,
                    ExportRow {
                        account,
                        kind: c.kind.as_str(),
                        time: c
                            .scheduled_at
                            .map(|t| format_local(t, zone))
                            .unwrap_or_default(),
                        caption,
                        first_comment: c.first_comment.clone().unwrap_or_default(),
                        media: c.media.iter().map(|m| label(*m)).collect(),
                    },
                )
            })
            .collect();
        rows.sort_by_key(|(at, _)| (at.is_none(), *at));
        let rows: Vec<ExportRow> = rows.into_iter().map(|(_, r)| r).collect();
        Ok(write_csv(&rows))
    }

    async fn library(&self, owner: UserId, now: OffsetDateTime) -> Result<Library, PostError> {
        let choices = self.media.choices(owner, now).await?;
        let mut by_name: HashMap<String, Vec<MediaId>> = HashMap::new();
        // Oldest first, so an ambiguity names the older file first.
        for c in choices.iter().rev() {
            by_name.entry(c.label.clone()).or_default().push(c.id);
        }
        Ok(Library {
            by_name,
            ids: choices.iter().map(|c| c.id).collect(),
        })
    }

    /// The row's own problems (what the table says), and the post it makes.
    fn read_row(
        &self,
        row: &TableRow,
        zone: &TimeZone,
        accounts: &[Account],
        library: &Library,
        uploaded: &[UploadedFile],
    ) -> RowReport {
        let mut problems = Vec::new();
        for (column, actual) in &row.too_long {
            problems.push(RowProblem::FieldTooLong {
                column: *column,
                max: self.limits.max_field_chars,
                actual: *actual,
            });
        }
        if row.extra_fields {
            problems.push(RowProblem::ExtraFields);
        }
        for column in Column::ALL {
            let cut = row.too_long.iter().any(|(c, _)| *c == column);
            if column.required() && !cut && row.get(column).is_empty() {
                problems.push(RowProblem::Missing { column });
            }
        }
        let account = find_account(&row.account, accounts);
        if account.is_none() && !row.account.is_empty() {
            problems.push(RowProblem::UnknownAccount {
                value: row.account.chars().take(64).collect(),
            });
        }
        let kind = parse_kind(&row.kind);
        if kind.is_none() && !row.kind.is_empty() {
            problems.push(RowProblem::UnknownKind {
                value: row.kind.chars().take(32).collect(),
            });
        }
        let scheduled_at = if row.time.is_empty() {
            None
        } else {
            match parse_time(&row.time, zone) {
                Ok(at) => Some(at),
                Err(TimeError::Unreadable) => {
                    problems.push(RowProblem::UnreadableTime {
                        value: row.time.chars().take(40).collect(),
                    });
                    None
                }
                Err(TimeError::Nonexistent) => {
                    problems.push(RowProblem::NonexistentTime {
                        value: row.time.clone(),
                        zone: zone.name().to_string(),
                    });
                    None
                }
            }
        };
        let names = media_names(&row.media);
        let mut media = Vec::new();
        if names.len() > self.limits.max_media_names {
            problems.push(RowProblem::TooManyMedia {
                max: self.limits.max_media_names,
                actual: names.len(),
            });
        } else {
            for name in &names {
                match library.find(name, uploaded) {
                    Ok(id) => media.push(id),
                    Err(p) => problems.push(p),
                }
            }
        }
        let media_resolved = media.len() == names.len();
        let input = kind.map(|kind| PostInput {
            // An unknown account is reported above; the composer's checks
            // still run on the rest.
            account_id: account.map_or(AccountId(uuid::Uuid::nil()), |a| a.id),
            kind,
            media: media.clone(),
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: restore(&row.caption).to_string(),
            hashtags: String::new(),
            first_comment: Some(restore(&row.first_comment).to_string()).filter(|c| !c.is_empty()),
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: PostOptions::default(),
            scheduled_at,
        });
        RowReport {
            line: row.line,
            account: account.map_or_else(
                || row.account.chars().take(64).collect(),
                |a| a.profile.username.clone(),
            ),
            kind,
            scheduled_at,
            caption: row.caption.clone(),
            media: names
                .iter()
                .map(|n| n.chars().take(120).collect())
                .collect(),
            problems,
            input,
            media_resolved,
        }
    }
}

/// The user's account a cell names: its username (any case, `@` optional)
/// or its id.
fn find_account<'a>(cell: &str, accounts: &'a [Account]) -> Option<&'a Account> {
    let name = cell.trim().trim_start_matches('@');
    if name.is_empty() {
        return None;
    }
    accounts.iter().find(|a| {
        a.profile.username.eq_ignore_ascii_case(name) || a.id.0.to_string() == name.to_lowercase()
    })
}
