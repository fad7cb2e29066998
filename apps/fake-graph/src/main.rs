//! `fake-graph`: run the fake Instagram on its own, e.g. to point a
//! development SocialFlow at it.

use std::net::SocketAddr;

use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut listen: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 9100));
    let mut demo = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => match args.next().and_then(|a| a.parse().ok()) {
                Some(a) => listen = a,
                None => {
                    eprintln!("fake-graph: --listen needs HOST:PORT");
                    return std::process::ExitCode::from(2);
                }
            },
            "--demo" => demo = true,
            "--help" | "-h" => {
                println!(
                    "fake-graph [--listen 127.0.0.1:9100] [--demo]\nA fake of Instagram's Graph API and OAuth hosts for development."
                );
                return std::process::ExitCode::SUCCESS;
            }
            other => {
                eprintln!("fake-graph: unknown argument {other}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = match fake.start_on(listen).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fake-graph: cannot listen on {listen}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("fake Graph API on {}", running.base_url);
    println!(
        "app id: {}  app secret: {}",
        fake.config().app_id,
        fake.config().app_secret
    );
    if demo {
        let account = fake.seed_demo();
        println!(
            "demo account @{} ({}), token: {}",
            account.username,
            account.ig_user_id,
            fake.issue_token(&account)
        );
    }
    let _ = tokio::signal::ctrl_c().await;
    std::process::ExitCode::SUCCESS
}
