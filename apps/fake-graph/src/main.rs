//! `fake-graph`: the fake Instagram on its own, e.g. to point a development
//! SocialFlow at it.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, TokenResponseShape};

/// A fake of Instagram's Graph API, OAuth and upload hosts, in memory.
#[derive(Debug, Parser)]
#[command(name = "fake-graph", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9100")]
    listen: SocketAddr,
    /// Seed the demo account and print a token for it.
    #[arg(long)]
    demo: bool,
    #[arg(long, default_value = "fake-app-id")]
    app_id: String,
    #[arg(long, default_value = "fake-app-secret")]
    app_secret: String,
    /// Posts per 24 h (the docs say 50 in one place, 100 in another).
    #[arg(long, default_value_t = 100)]
    quota_total: u32,
    /// Hashtags per caption (30, or 5 for the Dec 2025 app cap).
    #[arg(long, default_value_t = 30)]
    hashtag_limit: usize,
    /// Answer the code exchange with the documented `data`-wrapped shape.
    #[arg(long)]
    wrapped_token_response: bool,
    /// Do not fetch image_url/video_url (take every URL as valid media).
    #[arg(long)]
    no_fetch: bool,
    /// Milliseconds a video container stays IN_PROGRESS.
    #[arg(long, default_value_t = 2000)]
    video_processing_ms: u64,
    /// Milliseconds an image container stays IN_PROGRESS.
    #[arg(long, default_value_t = 0)]
    image_processing_ms: u64,
    /// Register this webhook callback (after the GET handshake) and deliver
    /// signed notifications of new comments and messages to it, e.g.
    /// http://127.0.0.1:8080/webhooks/instagram.
    #[arg(long, requires = "webhook_verify_token")]
    webhook_url: Option<String>,
    /// The verify token the callback expects (SOCIALFLOW_WEBHOOK_VERIFY_TOKEN).
    #[arg(long)]
    webhook_verify_token: Option<String>,
    /// Sign deliveries with this secret instead of the app secret.
    #[arg(long)]
    webhook_secret: Option<String>,
    /// Let the OAuth dialog show a page to choose the account to connect
    /// (the seeded ones or a new copy of the demo account).
    #[arg(long)]
    account_chooser: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let fake = FakeGraph::new(FakeGraphConfig {
        app_id: args.app_id,
        app_secret: args.app_secret,
        image_processing: Duration::from_millis(args.image_processing_ms),
        video_processing: Duration::from_millis(args.video_processing_ms),
        quota_total: args.quota_total,
        hashtag_limit: args.hashtag_limit,
        token_response: if args.wrapped_token_response {
            TokenResponseShape::Wrapped
        } else {
            TokenResponseShape::Flat
        },
        fetch_media: !args.no_fetch,
        webhook_secret: args.webhook_secret,
        account_chooser: args.account_chooser,
        ..FakeGraphConfig::default()
    });
    let running = match fake.start_on(args.listen).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fake-graph: cannot listen on {}: {e}", args.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    let url = &running.base_url;
    println!("fake Instagram on {url}");
    println!("  SOCIALFLOW_GRAPH_BASE_URL={url}");
    println!("  SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL={url}");
    println!(
        "  SOCIALFLOW_INSTAGRAM_APP_ID={}  SOCIALFLOW_INSTAGRAM_APP_SECRET={}",
        fake.config().app_id,
        fake.config().app_secret
    );
    if args.demo {
        let account = fake.seed_demo();
        println!(
            "demo account @{} (IG_ID {}, app-scoped id {})",
            account.username, account.ig_user_id, account.app_scoped_id
        );
        println!("token: {}", fake.issue_token(&account));
    } else {
        println!("no account seeded: run with --demo to add one");
    }
    if let (Some(url), Some(token)) = (&args.webhook_url, &args.webhook_verify_token) {
        match fake.register_webhook(url, token).await {
            Ok(()) => println!("webhooks: delivering to {url}"),
            Err(e) => {
                eprintln!("fake-graph: webhook registration failed: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    std::process::ExitCode::SUCCESS
}
