//! `socialflow backup` and `socialflow restore`: an encrypted archive of the
//! database (dumped table by table through the storage adapter, so tables
//! added later are included) and the media directory.
//!
//! The archive is encrypted with a key derived from the master key
//! (AES-256-SIV in chunks, see `socialflow_crypto::backup_cipher`): keep the
//! master key apart from the backups; without it they cannot be read, and
//! with it the tokens inside remain decryptable after a restore.

mod format;

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use socialflow_core::StoreError;
use socialflow_core::privacy::{DatabaseDump, TableSchema};
use socialflow_core::storage::HealthRepo;
use socialflow_crypto::MasterKey;
use socialflow_crypto::backup_cipher::{BackupKey, DecryptingReader, EncryptingWriter};
use socialflow_sql::{MariaDbStore, SqliteStore};

use crate::config::{self, Config, DatabaseKind};
use crate::wiring::{self, StartupError};
use format::{Manifest, Record, TableHeader};

const BATCH: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Startup(#[from] StartupError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Refused(String),
}

/// What a backup or restore covered.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub tables: usize,
    pub rows: u64,
    pub files: u64,
    pub bytes: u64,
}

/// The media directory: `SOCIALFLOW_MEDIA_DIR`, else `<data dir>/media`.
pub fn media_dir(config: &Config, explicit: Option<PathBuf>) -> PathBuf {
    explicit.unwrap_or_else(|| config.data_dir.join("media"))
}

/// Opens the configured database as a dump, migrated to this version.
pub async fn open_dump(config: &Config) -> Result<Arc<dyn DatabaseDump>, BackupError> {
    let dump: Arc<dyn DatabaseDump> = match config.database_kind {
        DatabaseKind::Sqlite => {
            wiring::create_private_dir(&config.data_dir)?;
            let s = SqliteStore::connect(&config.database_url).await?;
            s.migrate().await?;
            Arc::new(s)
        }
        DatabaseKind::MariaDb => {
            let s = MariaDbStore::connect(&config.database_url).await?;
            s.migrate().await?;
            Arc::new(s)
        }
    };
    Ok(dump)
}

/// The master key without ever generating one: a restore needs the key of
/// the installation that made the backup.
fn existing_master_key(config: &Config) -> Result<MasterKey, BackupError> {
    if config.master_key.is_none() && !config.data_dir.join("master.key").exists() {
        return Err(BackupError::Refused(format!(
            "no master key: set {} to the key of the installation that made the backup (or put its master.key in {})",
            config::MASTER_KEY,
            config.data_dir.display()
        )));
    }
    Ok(wiring::load_master_key(config)?)
}

fn backup_key(master: &MasterKey) -> Result<BackupKey, BackupError> {
    BackupKey::from_master(master).map_err(|e| BackupError::Refused(e.to_string()))
}

/// Files under `dir`, as sorted relative paths with `/` separators.
fn media_files(dir: &Path) -> io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = entry.path();
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let rel = path.strip_prefix(root).map_err(io::Error::other)?;
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// Writes an encrypted backup of the database and `media` to `out`
/// (created; an existing file is refused).
pub async fn backup(config: &Config, media: &Path, out: &Path) -> Result<Summary, BackupError> {
    let key = backup_key(&wiring::load_master_key(config)?)?;
    let dump = open_dump(config).await?;
    let tables = dump.tables().await?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|e| BackupError::Refused(format!("cannot create {}: {e}", out.display())))?;
    let mut w = EncryptingWriter::new(BufWriter::new(file), key)?;
    let manifest = Manifest {
        format: format::FORMAT.into(),
        backend: dump.backend().into(),
        schema_version: dump.schema_version().await?,
        created_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        tables: tables.iter().map(|t| t.name.clone()).collect(),
    };
    format::write_manifest(&mut w, &manifest)?;
    let mut summary = Summary {
        tables: tables.len(),
        ..Summary::default()
    };
    for t in &tables {
        format::write_table(
            &mut w,
            &TableHeader {
                name: t.name.clone(),
                columns: t.columns.clone(),
            },
        )?;
        let mut offset = 0u64;
        loop {
            let rows = dump.read_rows(t, offset, BATCH).await?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as u64;
            summary.rows += rows.len() as u64;
            format::write_rows(&mut w, &rows)?;
        }
    }
    for rel in media_files(media)? {
        let mut f = File::open(media.join(&rel))?;
        let size = f.metadata()?.len();
        format::write_file_header(&mut w, &rel, size)?;
        let copied = io::copy(&mut (&mut f).take(size), &mut w)?;
        if copied != size {
            return Err(BackupError::Refused(format!(
                "{rel} changed while it was backed up; run the backup again"
            )));
        }
        summary.files += 1;
        summary.bytes += size;
    }
    format::write_end(&mut w)?;
    let mut inner = w.finish()?;
    inner.flush()?;
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(summary)
}

/// A relative path inside the media directory, refusing `..` and absolute
/// paths so an archive cannot write elsewhere.
fn safe_relative(rel: &str) -> Result<PathBuf, BackupError> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(BackupError::Refused(format!(
            "the backup names an unsafe file path {rel:?}"
        )));
    }
    Ok(p.to_path_buf())
}

fn open_archive(
    path: &Path,
    key: &MasterKey,
) -> Result<DecryptingReader<BufReader<File>>, BackupError> {
    let file = File::open(path)
        .map_err(|e| BackupError::Refused(format!("cannot open {}: {e}", path.display())))?;
    DecryptingReader::new(BufReader::new(file), backup_key(key)?)
        .map_err(|e| BackupError::Refused(e.to_string()))
}

/// Reads the whole archive once, checking every chunk and record, before
/// anything is changed.
fn verify(path: &Path, key: &MasterKey) -> Result<Manifest, BackupError> {
    let mut r = open_archive(path, key)?;
    let Record::Manifest(manifest) = format::read_record(&mut r)? else {
        return Err(BackupError::Refused("the backup has no manifest".into()));
    };
    if manifest.format != format::FORMAT {
        return Err(BackupError::Refused(format!(
            "unknown backup format {:?}",
            manifest.format
        )));
    }
    loop {
        match format::read_record(&mut r)? {
            Record::Manifest(_) => return Err(BackupError::Refused("two manifests".into())),
            Record::Table(_) | Record::Rows(_) => {}
            Record::File(rel, size) => {
                safe_relative(&rel)?;
                io::copy(&mut (&mut r).take(size), &mut io::sink())?;
            }
            Record::End => break,
        }
    }
    r.finish()
        .map_err(|e| BackupError::Refused(e.to_string()))?;
    Ok(manifest)
}

/// Restores a backup into an empty database and media directory; with
/// `force`, whatever they hold is deleted first.
pub async fn restore(
    config: &Config,
    media: &Path,
    input: &Path,
    force: bool,
) -> Result<Summary, BackupError> {
    let key = existing_master_key(config)?;
    let manifest = verify(input, &key)?;
    let dump = open_dump(config).await?;
    if manifest.backend != dump.backend() {
        return Err(BackupError::Refused(format!(
            "the backup is of a {} database; this installation uses {}",
            manifest.backend,
            dump.backend()
        )));
    }
    let version = dump.schema_version().await?;
    if manifest.schema_version > version {
        return Err(BackupError::Refused(format!(
            "the backup comes from a newer SocialFlow (schema {} > {version}); upgrade first",
            manifest.schema_version
        )));
    }
    let media_busy = !media_files(media)?.is_empty();
    let db_busy = !dump.is_empty().await?;
    if (media_busy || db_busy) && !force {
        return Err(BackupError::Refused(format!(
            "the {} is not empty; restore into a fresh installation, or pass --force to replace its contents",
            if db_busy {
                "database"
            } else {
                "media directory"
            }
        )));
    }
    if db_busy {
        dump.clear().await?;
    }
    if media_busy {
        std::fs::remove_dir_all(media)?;
    }

    let tables: Vec<TableSchema> = dump.tables().await?;
    let mut r = open_archive(input, &key)?;
    let _ = format::read_record(&mut r)?; // the manifest, checked above
    let mut summary = Summary::default();
    let mut current: Option<(TableSchema, Vec<String>)> = None;
    loop {
        match format::read_record(&mut r)? {
            Record::Manifest(_) => {}
            Record::Table(h) => {
                let t = tables.iter().find(|t| t.name == h.name).ok_or_else(|| {
                    BackupError::Refused(format!("this database has no table {:?}", h.name))
                })?;
                summary.tables += 1;
                current = Some((t.clone(), h.columns));
            }
            Record::Rows(rows) => {
                let Some((t, columns)) = &current else {
                    return Err(BackupError::Refused("rows before their table".into()));
                };
                dump.write_rows(t, columns, &rows).await?;
                summary.rows += rows.len() as u64;
            }
            Record::File(rel, size) => {
                let target = media.join(safe_relative(&rel)?);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut f = File::create(&target)?;
                io::copy(&mut (&mut r).take(size), &mut f)?;
                f.sync_all()?;
                summary.files += 1;
                summary.bytes += size;
            }
            Record::End => break,
        }
    }
    r.finish()
        .map_err(|e| BackupError::Refused(e.to_string()))?;
    Ok(summary)
}
