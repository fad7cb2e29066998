//! The sender against real sockets on loopback: the SSRF guard refuses
//! loopback without the operator's switch (by address and by name), and
//! with it a delivery carries its headers and body, reads a capped answer,
//! does not follow redirects and gives up on a silent receiver.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use socialflow_core::outgoing_webhooks::{OutgoingRequest, SendError, WebhookSender};
use socialflow_webhook_http::{HttpWebhookSender, SenderConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A one-request-per-connection HTTP server answering `response` (raw
/// bytes) and reporting each request's head and body; `None`: never
/// answers.
async fn server(response: Option<Vec<u8>>) -> (u16, mpsc::UnboundedReceiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head, body) = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..i]).to_string();
                        let len: usize = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse().ok())?
                            })
                            .unwrap_or(0);
                        while buf.len() < i + 4 + len {
                            let n = sock.read(&mut chunk).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            buf.extend_from_slice(&chunk[..n]);
                        }
                        break (head, buf[i + 4..].to_vec());
                    }
                };
                let _ = tx.send((head, body));
                match response {
                    Some(r) => {
                        let _ = sock.write_all(&r).await;
                        let _ = sock.shutdown().await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    (port, rx)
}

fn request(url: String) -> OutgoingRequest {
    OutgoingRequest {
        url,
        headers: vec![
            ("SocialFlow-Signature".into(), "t=1,v1=ab".into()),
            ("SocialFlow-Event-Id".into(), "evt_1".into()),
        ],
        body: br#"{"id":"evt_1","type":"ping"}"#.to_vec(),
    }
}

fn sender(allow_private: bool) -> HttpWebhookSender {
    HttpWebhookSender::new(SenderConfig {
        allow_private,
        timeout: Duration::from_secs(2),
        max_response_bytes: 1024,
    })
    .unwrap()
}

#[tokio::test]
async fn loopback_is_refused_without_the_switch_by_address_and_by_name() {
    let (port, mut seen) = server(Some(
        b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".to_vec(),
    ))
    .await;
    let strict = sender(false);
    for url in [
        format!("http://127.0.0.1:{port}/hook"),
        format!("http://localhost:{port}/hook"),
        format!("http://[::ffff:127.0.0.1]:{port}/hook"),
        "http://10.1.2.3/hook".to_string(),
        "http://169.254.169.254/latest/meta-data".to_string(),
    ] {
        match strict.send(request(url.clone())).await {
            Err(SendError::Refused(why)) => assert!(
                why.contains("loopback") || why.contains("private") || why.contains("link-local"),
                "{url}: {why}"
            ),
            other => panic!("{url}: {other:?}"),
        }
    }
    // Nothing reached the receiver.
    assert!(seen.try_recv().is_err());
}

#[tokio::test]
async fn with_the_switch_a_delivery_carries_headers_and_body_and_reads_a_capped_answer() {
    let big = "x".repeat(10_000);
    let answer = format!(
        "HTTP/1.1 201 Created\r\ncontent-length: {}\r\n\r\n{big}",
        big.len()
    );
    let (port, mut seen) = server(Some(answer.into_bytes())).await;
    let r = sender(true)
        .send(request(format!("http://localhost:{port}/hook")))
        .await
        .unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.snippet.len(), 1024, "the read stops at the cap");
    let (head, body) = seen.recv().await.unwrap();
    assert!(head.starts_with("POST /hook HTTP/1.1"), "{head}");
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("socialflow-signature: t=1,v1=ab"), "{head}");
    assert!(lower.contains("socialflow-event-id: evt_1"), "{head}");
    assert!(lower.contains("content-type: application/json"), "{head}");
    assert_eq!(body, br#"{"id":"evt_1","type":"ping"}"#);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (target, mut at_target) = server(Some(
        b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".to_vec(),
    ))
    .await;
    let redirect = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:{target}/x\r\ncontent-length: 0\r\n\r\n"
    );
    let (port, _seen) = server(Some(redirect.into_bytes())).await;
    let r = sender(true)
        .send(request(format!("http://127.0.0.1:{port}/hook")))
        .await
        .unwrap();
    assert_eq!(r.status, 307);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        at_target.try_recv().is_err(),
        "the redirect was not followed"
    );
}

#[tokio::test]
async fn a_silent_receiver_times_out_as_a_retryable_failure() {
    let (port, _seen) = server(None).await;
    match sender(true)
        .send(request(format!("http://127.0.0.1:{port}/hook")))
        .await
    {
        Err(SendError::Failed { message, duration }) => {
            assert!(message.contains("no answer"), "{message}");
            assert!(duration >= Duration::from_secs(2));
        }
        other => panic!("{other:?}"),
    }
}
