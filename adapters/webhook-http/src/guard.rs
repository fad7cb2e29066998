//! The resolver reqwest connects through: it resolves the name and keeps
//! only addresses the policy allows; none left is an error that names why.

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use socialflow_core::outgoing_webhooks::classify;

/// Refused by the SSRF guard (found in the error chain by the sender).
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to {class} addresses, which webhooks may not reach")]
pub struct Blocked {
    pub host: String,
    pub class: &'static str,
}

/// Whether `ip` may be connected to.
pub(crate) fn allowed(ip: IpAddr, allow_private: bool) -> Result<(), &'static str> {
    let class = classify(ip);
    if allow_private || class.is_public() {
        Ok(())
    } else {
        Err(class.as_str())
    }
}

#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port on the addresses we give.
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let mut class = "no";
            let mut ok = Vec::with_capacity(found.len());
            for addr in found {
                match allowed(addr.ip(), allow_private) {
                    Ok(()) => ok.push(addr),
                    Err(c) => class = c,
                }
            }
            if ok.is_empty() {
                return Err(Box::new(Blocked { host, class }) as Box<_>);
            }
            let addrs: Addrs = Box::new(ok.into_iter());
            Ok(addrs)
        })
    }
}
