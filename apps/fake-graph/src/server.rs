//! The HTTP server: one listener for every host, run in a background task,
//! over connections the fake can cut without answering (the
//! `DropConnection` fault).

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use poem::http::uri::Scheme;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::web::{Data, LocalAddr, RemoteAddr};
use poem::{Body, EndpointExt, Request, Response, Route, Server, handler};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use crate::FakeGraph;
use crate::router;

/// The running server; dropping it stops the listener.
pub struct RunningFakeGraph {
    /// e.g. `http://127.0.0.1:41234`: point every Instagram base URL here.
    pub base_url: String,
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RunningFakeGraph {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Open connections by peer address, each with a switch that cuts it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Connections(Arc<Mutex<HashMap<SocketAddr, Arc<AtomicBool>>>>);

impl Connections {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<SocketAddr, Arc<AtomicBool>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn register(&self, addr: SocketAddr) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.map().insert(addr, flag.clone());
        flag
    }

    /// The connection from `addr` closes instead of answering.
    pub(crate) fn cut(&self, addr: SocketAddr) {
        if let Some(flag) = self.map().get(&addr) {
            flag.store(true, Ordering::SeqCst);
        }
    }
}

struct CuttableAcceptor {
    inner: TcpAcceptor,
    connections: Connections,
}

impl Acceptor for CuttableAcceptor {
    type Io = CuttableIo;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        let addr = remote.as_socket_addr().copied();
        let cut = match addr {
            Some(a) => self.connections.register(a),
            None => Arc::new(AtomicBool::new(false)),
        };
        let io = CuttableIo {
            io,
            cut,
            addr,
            connections: self.connections.clone(),
        };
        Ok((io, local, remote, scheme))
    }
}

/// A TCP stream that fails every write once cut, so the server drops it
/// without a byte of the answer.
struct CuttableIo {
    io: TcpStream,
    cut: Arc<AtomicBool>,
    addr: Option<SocketAddr>,
    connections: Connections,
}

impl CuttableIo {
    fn is_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }
}

fn aborted() -> io::Error {
    io::Error::from(io::ErrorKind::ConnectionAborted)
}

impl AsyncRead for CuttableIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.is_cut() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for CuttableIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.is_cut() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.is_cut() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl Drop for CuttableIo {
    fn drop(&mut self) {
        if let Some(a) = self.addr {
            let mut map = self.connections.map();
            if map.get(&a).is_some_and(|f| Arc::ptr_eq(f, &self.cut)) {
                map.remove(&a);
            }
        }
    }
}

#[handler]
async fn entry(req: &Request, body: Body, fake: Data<&FakeGraph>) -> Response {
    router::handle(fake.0, req, body).await
}

pub(crate) async fn start(fake: &FakeGraph, addr: SocketAddr) -> io::Result<RunningFakeGraph> {
    let inner = TcpListener::bind(addr).into_acceptor().await?;
    let local = inner
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| io::Error::other("the listener has no address"))?;
    let base_url = format!("http://{local}");
    fake.set_base_url(&base_url);
    let acceptor = CuttableAcceptor {
        inner,
        connections: fake.connections().clone(),
    };
    let app = Route::new()
        .at("/", entry)
        .at("/*path", entry)
        .data(fake.clone());
    let task = tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    Ok(RunningFakeGraph {
        base_url,
        addr: local,
        task,
    })
}
