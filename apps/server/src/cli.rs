//! The `socialflow` command line.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext};

use crate::config::{Config, ConfigError};
use crate::wiring::{self, StartupError};
use crate::{logging, serve};

#[derive(Parser)]
#[command(name = "socialflow", version, about = "Self-hosted Instagram content operations", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web interface, the REST API and the background worker.
    Serve {
        /// Leave background jobs to separate `socialflow worker` processes.
        #[arg(long)]
        no_worker: bool,
        /// Run against a built-in simulation of Instagram with a demo user
        /// and account (no Instagram app needed; nothing leaves the machine).
        /// Listens on 127.0.0.1 (the port of SOCIALFLOW_LISTEN) unless
        /// --listen says otherwise.
        #[arg(long)]
        demo: bool,
        /// The address to listen on, instead of SOCIALFLOW_LISTEN (with
        /// --demo, the only way to listen beyond loopback).
        #[arg(long, value_name = "IP:PORT")]
        listen: Option<std::net::SocketAddr>,
    },
    /// Run only the background worker (for running several processes).
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Check the configuration, database, data directory, public URL and
    /// Instagram app settings, and print what to fix.
    Doctor,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage the master key that encrypts Instagram tokens.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Serve the Model Context Protocol for AI assistants (docs/mcp.md).
    ///
    /// Over standard input and output (the default; what Claude Desktop and
    /// other MCP clients start) as the user of a personal API token, or
    /// with --listen over streamable HTTP at /mcp, where every request
    /// carries its own token as `Authorization: Bearer`.
    Mcp {
        /// A file whose first line is the personal API token (stdio).
        #[arg(long, value_name = "PATH")]
        token_file: Option<std::path::PathBuf>,
        /// Serve streamable HTTP on this address instead of stdio.
        #[arg(long, value_name = "IP:PORT")]
        listen: Option<std::net::SocketAddr>,
        /// With --listen: a host name (or host:port) clients reach it by
        /// besides loopback, e.g. behind a reverse proxy; repeatable.
        #[arg(long, value_name = "HOST")]
        allow_host: Vec<String>,
    },
    /// Write an encrypted backup of the database and the media files.
    ///
    /// The database is dumped table by table through the storage adapter
    /// (every table the schema holds), the media directory file by file.
    /// The archive is encrypted (AES-256-SIV, in authenticated chunks) with
    /// a key derived from the master key: keep the master key
    /// (SOCIALFLOW_MASTER_KEY or <data dir>/master.key) apart from the
    /// backups; without it a backup cannot be read. Each table is dumped
    /// consistently; for a consistent whole, run it while the server and
    /// workers are stopped. See docs/backup.md.
    Backup {
        /// The archive to write (an existing file is refused).
        file: std::path::PathBuf,
        /// The media directory (default: <data dir>/media).
        #[arg(long, env = "SOCIALFLOW_MEDIA_DIR")]
        media_dir: Option<std::path::PathBuf>,
    },
    /// Restore a backup made by `socialflow backup`.
    ///
    /// Needs the master key of the installation that made it and the same
    /// database kind (SQLite or MariaDB). The database and the media
    /// directory must be empty (a fresh installation); --force deletes
    /// their contents first. The whole archive is verified before anything
    /// changes. See docs/backup.md.
    Restore {
        /// The archive to read.
        file: std::path::PathBuf,
        /// Replace the contents of a non-empty database and media directory.
        #[arg(long)]
        force: bool,
        /// The media directory (default: <data dir>/media).
        #[arg(long, env = "SOCIALFLOW_MEDIA_DIR")]
        media_dir: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Print a new random master key (base64) for SOCIALFLOW_MASTER_KEY.
    Generate,
    /// Re-encrypt every stored token under the current master key. Run it
    /// after setting SOCIALFLOW_MASTER_KEY to the new key and
    /// SOCIALFLOW_PREVIOUS_MASTER_KEYS to the old one on every process.
    Rotate,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from a prompt, or from the first
    /// line of standard input when it is not a terminal.
    Add {
        username: String,
        /// Make the user an administrator.
        #[arg(long)]
        admin: bool,
        /// Interface language: en, ru or kk.
        #[arg(long, default_value = "en")]
        language: Language,
    },
    /// Set a user's password (read like `user add`) and end their sessions.
    Passwd { username: String },
    /// Delete a user and everything they own.
    Delete {
        username: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a personal API token for a user and print it once.
    Create {
        username: String,
        /// A label to recognise the token by.
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

/// `socialflow user delete` after confirmation: the same erasure as "Delete
/// my account" (one transaction, uploads removed after the commit, the same
/// anonymous `user_deleted` trace), without a password (an operator action).
pub async fn delete_user_as_operator(
    users: &socialflow_core::users::UserService,
    eraser: &socialflow_core::privacy::AccountEraser,
    username: &str,
) -> Result<socialflow_core::privacy::ErasureReport, String> {
    let user = users.find(username).await.map_err(|e| e.to_string())?;
    eraser
        .erase(&user, "operator")
        .await
        .map_err(|e| e.to_string())
}

/// `serve --listen` replaces SOCIALFLOW_LISTEN, and `serve --demo` listens
/// on loopback unless `--listen` says otherwise. The configuration is read
/// again with that address, so what derives from it (the default public
/// URL, the OAuth redirect) follows.
fn listening_where_told(command: &Command, config: Config) -> Result<Config, ConfigError> {
    let Command::Serve { demo, listen, .. } = command else {
        return Ok(config);
    };
    let addr = if *demo {
        let chosen = crate::demo::listen_address(config.listen, *listen);
        if let Some(warning) = &chosen.warning {
            eprintln!("socialflow: {warning}");
        }
        chosen.addr
    } else {
        match listen {
            Some(addr) => *addr,
            None => return Ok(config),
        }
    };
    if addr == config.listen {
        return Ok(config);
    }
    Config::from_lookup(|k| match k {
        crate::config::LISTEN => Some(addr.to_string()),
        _ => std::env::var(k).ok(),
    })
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error(transparent)]
    Startup(#[from] StartupError),
    #[error("{0}")]
    Message(String),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env().and_then(|c| listening_where_told(&cli.command, c)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("socialflow: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("socialflow: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socialflow: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), CliError> {
    match command {
        Command::Serve {
            no_worker, demo, ..
        } => {
            wiring::create_private_dir(&config.data_dir)?;
            let _guard = logging::init_with_access_log(&config.log_filter, &config.logs_dir())
                .map_err(CliError::Message)?;
            let mut config = config;
            let simulation = match demo {
                true => Some(crate::demo::start(&mut config).await?),
                false => None,
            };
            let state = wiring::build_state(&config).await?;
            if let Some(sim) = &simulation {
                crate::demo::seed(&state, sim).await?;
            }
            serve::serve(&config, state, !no_worker)
                .await
                .map_err(|e| CliError::Message(format!("cannot serve on {}: {e}", config.listen)))
        }
        Command::Worker => {
            logging::init_console(&config.log_filter);
            let key = wiring::load_master_key(&config)?;
            let services = wiring::build_services(&config, &key).await?;
            run_worker(&config, services).await
        }
        Command::Doctor => {
            logging::init_console("error");
            let checks = crate::doctor::run(&config, &crate::doctor::http_client()).await;
            if crate::doctor::print(&checks) {
                Ok(())
            } else {
                Err(CliError::Message("some checks failed; see above".into()))
            }
        }
        Command::Migrate => {
            logging::init_console(&config.log_filter);
            wiring::open_store(&config).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::User(cmd) => {
            logging::init_console("warn");
            let store = wiring::open_store(&config).await?;
            let (users, _) = wiring::management_on(store.clone())?;
            let ctx = RequestContext::cli();
            match cmd {
                UserCommand::Add {
                    username,
                    admin,
                    language,
                } => {
                    let password = read_new_password()?;
                    let role = if admin { Role::Admin } else { Role::User };
                    let user = users
                        .create_user(&username, password, role, language, &ctx)
                        .await
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    println!("Created {} {}.", role.as_str(), user.username);
                }
                UserCommand::Passwd { username } => {
                    users
                        .find(&username)
                        .await
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    let password = read_new_password()?;
                    users
                        .reset_password(&username, password, &ctx)
                        .await
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    println!("Password changed; the user's sessions were ended.");
                }
                UserCommand::Delete { username, yes } => {
                    let user = users
                        .find(&username)
                        .await
                        .map_err(|e| CliError::Message(e.to_string()))?;
                    if !yes
                        && !confirm(
                            &format!(
                                "Delete {} and everything they own? Type the username to confirm: ",
                                user.username
                            ),
                            user.username.as_str(),
                        )?
                    {
                        return Err(CliError::Message(
                            "not confirmed; nothing was deleted".into(),
                        ));
                    }
                    let eraser = wiring::configured_operator_eraser(store, &config)?;
                    let report = delete_user_as_operator(&users, &eraser, &username)
                        .await
                        .map_err(CliError::Message)?;
                    println!(
                        "Deleted {} ({} uploaded files removed).",
                        user.username, report.files_removed
                    );
                    if report.files_failed > 0 {
                        eprintln!(
                            "{} files could not be removed from the media directory; see the log.",
                            report.files_failed
                        );
                    }
                }
            }
            Ok(())
        }
        Command::Backup { file, media_dir } => {
            logging::init_console("warn");
            let media = crate::backup::media_dir(&config, media_dir);
            let s = crate::backup::backup(&config, &media, &file)
                .await
                .map_err(|e| CliError::Message(format!("backup failed: {e}")))?;
            println!(
                "Backed up {} tables ({} rows) and {} media files ({} bytes) to {}.",
                s.tables,
                s.rows,
                s.files,
                s.bytes,
                file.display()
            );
            if let crate::config::MediaStoreConfig::S3 { s3, .. } = &config.media_store {
                println!(
                    "Uploads are in the S3 bucket {}, which this archive does not hold: back it up with the storage's own tools (docs/media-storage.md).",
                    s3.bucket
                );
            }
            Ok(())
        }
        Command::Restore {
            file,
            force,
            media_dir,
        } => {
            logging::init_console("warn");
            let media = crate::backup::media_dir(&config, media_dir);
            let s = crate::backup::restore(&config, &media, &file, force)
                .await
                .map_err(|e| CliError::Message(format!("restore failed: {e}")))?;
            println!(
                "Restored {} tables ({} rows) and {} media files ({} bytes).",
                s.tables, s.rows, s.files, s.bytes
            );
            Ok(())
        }
        Command::Mcp {
            token_file,
            listen,
            allow_host,
        } => run_mcp(&config, token_file, listen, allow_host).await,
        Command::Keys(KeysCommand::Generate) => {
            println!(
                "{}",
                socialflow_crypto::MasterKey::generate()
                    .to_base64()
                    .expose_secret()
            );
            Ok(())
        }
        Command::Keys(KeysCommand::Rotate) => {
            logging::init_console("warn");
            let key = wiring::load_master_key(&config)?;
            let services = wiring::build_services(&config, &key).await?;
            let n = services.accounts.reencrypt_tokens().await.map_err(|e| {
                CliError::Message(format!(
                    "re-encryption stopped: {e}; run it again once fixed"
                ))
            })?;
            println!("Re-encrypted {n} token(s) under the current master key.");
            Ok(())
        }
        Command::Token(TokenCommand::Create { username, name }) => {
            logging::init_console("warn");
            let (users, auth) = wiring::management(&config).await?;
            let user = users
                .find(&username)
                .await
                .map_err(|e| CliError::Message(e.to_string()))?;
            let (_, secret) = auth
                .create_api_token(user.id, &name, &RequestContext::cli())
                .await
                .map_err(|e| CliError::Message(e.to_string()))?;
            eprintln!(
                "Token for {} created. It is shown only now; store it safely:",
                user.username
            );
            println!("{}", secret.expose_secret());
            Ok(())
        }
    }
}

/// `socialflow mcp`: one stdio session, or HTTP until a shutdown signal.
/// Logs go to standard error (standard output is the protocol's).
async fn run_mcp(
    config: &Config,
    token_file: Option<std::path::PathBuf>,
    listen: Option<std::net::SocketAddr>,
    allow_host: Vec<String>,
) -> Result<(), CliError> {
    logging::init_console(if listen.is_some() {
        &config.log_filter
    } else {
        "warn"
    });
    // Read before anything else so a missing token fails at once.
    let token = match listen {
        Some(_) => None,
        None => Some(
            crate::mcp::read_token(
                token_file.as_deref(),
                std::env::var(crate::mcp::TOKEN_ENV).ok(),
            )
            .map_err(CliError::Message)?,
        ),
    };
    let key = wiring::load_master_key(config)?;
    let services = wiring::build_services(config, &key).await?;
    let shared = std::sync::Arc::new(crate::mcp::McpShared {
        services,
        media_policy: crate::mcp::media_policy_from_env().map_err(CliError::Message)?,
    });
    match (listen, token) {
        (Some(addr), _) => crate::mcp::serve_http(shared, addr, allow_host)
            .await
            .map_err(|e| CliError::Message(format!("cannot serve MCP on {addr}: {e}"))),
        (None, Some(token)) => crate::mcp::serve_stdio(shared, token)
            .await
            .map_err(CliError::Message),
        (None, None) => Err(CliError::Message("no API token".into())),
    }
}

/// `socialflow worker`: the loops on the services alone (no web state),
/// and health and metrics on `SOCIALFLOW_WORKER_METRICS_LISTEN` if set,
/// until a shutdown signal.
async fn run_worker(config: &Config, services: crate::services::Services) -> Result<(), CliError> {
    let worker = crate::worker::spawn(
        &services,
        &crate::worker::WorkerSettings::from_config(config),
    );
    let served = match config.worker_metrics_listen {
        Some(addr) => {
            tracing::info!(listen = %addr, "worker metrics at /metrics");
            let ops = crate::ops::Ops {
                services,
                metrics_token: config.metrics_token.clone(),
            };
            serve::serve_ops(addr, ops).await.map_err(|e| {
                CliError::Message(format!("cannot serve worker metrics on {addr}: {e}"))
            })
        }
        None => {
            serve::shutdown_signal().await;
            Ok(())
        }
    };
    worker.stop().await;
    served
}

/// A new password: prompted twice on a terminal, else the first stdin line.
fn read_new_password() -> Result<SecretString, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password("New password: ")
            .map_err(|e| CliError::Message(e.to_string()))?;
        let second = rpassword::prompt_password("Repeat it: ")
            .map_err(|e| CliError::Message(e.to_string()))?;
        if first != second {
            return Err(CliError::Message(
                "the two passwords differ; nothing was changed".into(),
            ));
        }
        return Ok(first.into());
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        CliError::Message(format!("cannot read the password from standard input: {e}"))
    })?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    if pw.is_empty() {
        return Err(CliError::Message(
            "no password on standard input; nothing was changed".into(),
        ));
    }
    Ok(pw.into())
}

fn confirm(prompt: &str, expected: &str) -> Result<bool, CliError> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Message(e.to_string()))?;
    Ok(line.trim() == expected)
}
