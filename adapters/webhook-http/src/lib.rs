//! Delivers outgoing webhooks over HTTP(S) (`WebhookSender`): a 10 s
//! timeout, a capped response read, no redirects, no proxies, and an SSRF
//! guard: the host is resolved here, every address is classified
//! (`socialflow_core::outgoing_webhooks::classify`), and the connection is
//! made only to the addresses that passed, so a name cannot answer one
//! address for the check and another for the connection (DNS rebinding).

mod guard;
mod sender;

pub use guard::GuardedResolver;
pub use sender::{BuildError, HttpWebhookSender, SenderConfig};
