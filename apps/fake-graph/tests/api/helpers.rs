//! A started fake with the demo account and a token, request helpers, and
//! a little web server that hosts media for the fake to fetch.

use poem::http::HeaderMap;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Route, Server, get, handler};
use serde_json::Value;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph, SeededAccount};

pub const REDIRECT: &str = "https://social.example/oauth/instagram/callback";

pub struct Fake {
    pub fake: FakeGraph,
    pub running: RunningFakeGraph,
    pub account: SeededAccount,
    pub token: String,
    /// Follows no redirects, keeps no cookies.
    pub http: reqwest::Client,
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> i64 {
        self.body["error"]["code"].as_i64().unwrap_or(0)
    }

    pub fn subcode(&self) -> i64 {
        self.body["error"]["error_subcode"].as_i64().unwrap_or(0)
    }

    pub fn message(&self) -> String {
        self.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The body of a 200, or a panic showing what came instead.
    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{}", self.body);
        self.body
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// The `X-Business-Use-Case-Usage` entry for the account.
    pub fn usage(&self) -> Value {
        let h = self
            .header("x-business-use-case-usage")
            .expect("usage header");
        let v: Value = serde_json::from_str(&h).unwrap();
        v.as_object().unwrap().values().next().unwrap()[0].clone()
    }
}

pub async fn answer(r: reqwest::Response) -> Answer {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        body,
    }
}

impl Fake {
    pub async fn demo() -> Self {
        Self::with(FakeGraphConfig::default()).await
    }

    pub async fn with(config: FakeGraphConfig) -> Self {
        let fake = FakeGraph::new(config);
        let running = fake.start().await.unwrap();
        let account = fake.seed_demo();
        let token = fake.issue_token(&account);
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Fake {
            fake,
            running,
            account,
            token,
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/v25.0/{path}", self.running.base_url)
    }

    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Answer {
        self.get_as(&self.token, path, query).await
    }

    pub async fn get_as(&self, token: &str, path: &str, query: &[(&str, &str)]) -> Answer {
        let mut q = query.to_vec();
        q.push(("access_token", token));
        answer(
            self.http
                .get(self.url(path))
                .query(&q)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A form POST with the token in the body.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Answer {
        let mut f = form.to_vec();
        f.push(("access_token", &self.token));
        answer(
            self.http
                .post(self.url(path))
                .form(&f)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A JSON POST with the token as a Bearer header.
    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        answer(
            self.http
                .post(self.url(path))
                .bearer_auth(&self.token)
                .json(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        answer(
            self.http
                .delete(self.url(path))
                .query(&[("access_token", &self.token)])
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// The demo account's conversations, most recently active first.
    pub async fn conversations(&self) -> Vec<Value> {
        self.get(
            "me/conversations",
            &[
                ("platform", "instagram"),
                ("fields", "id,updated_time,participants"),
                ("limit", "50"),
            ],
        )
        .await
        .ok()["data"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// The IGSID of a conversation's other participant.
    pub fn peer(&self, conversation: &Value) -> String {
        conversation["participants"]["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] != self.account.ig_user_id.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// JPEG bytes with a frame header of `w` × `h`.
pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    b.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&[3; 10]);
    b.extend_from_slice(&[0xFF, 0xD9]);
    b
}

pub fn mp4() -> Vec<u8> {
    let mut b = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom".to_vec();
    b.extend_from_slice(&[0; 4000]);
    b
}

#[handler]
fn square() -> Vec<u8> {
    jpeg(1080, 1080)
}

#[handler]
fn portrait() -> Vec<u8> {
    jpeg(1080, 1440)
}

#[handler]
fn png() -> Vec<u8> {
    vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
}

#[handler]
fn big() -> Vec<u8> {
    let mut b = jpeg(1080, 1080);
    b.resize(9 * 1024 * 1024, 0);
    b
}

#[handler]
fn clip() -> Vec<u8> {
    mp4()
}

#[handler]
fn not_a_video() -> Vec<u8> {
    vec![7; 5000]
}

/// Serves media on a free port; returns its base URL.
pub async fn media_host() -> (String, tokio::task::JoinHandle<()>) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let app = Route::new()
        .at("/photo.jpg", get(square))
        .at("/portrait.jpg", get(portrait))
        .at("/photo.png", get(png))
        .at("/big.jpg", get(big))
        .at("/clip.mp4", get(clip))
        .at("/junk.mp4", get(not_a_video));
    let task = tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (format!("http://{addr}"), task)
}

/// Query parameter `key` of a URL (before any `#`).
pub fn query_param(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1.split('#').next()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}
