//! Probes and image conversions run on a few threads of their own, never
//! on the async threads. The number of threads is the number of jobs in
//! flight: a burst of uploads queues here instead of multiplying memory.
//!
//! Own threads rather than tokio's blocking pool: the allocator keeps an
//! arena per thread, and freed buffers stay resident in it. Jobs spread
//! over the pool's many threads left one picture's worth in each (measured:
//! three large uploads in a row went 60 MiB over the goal); on the same
//! threads the next job reuses that memory.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct Workers {
    queue: Mutex<Sender<Job>>,
    busy: Arc<AtomicUsize>,
    threads: usize,
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workers")
            .field("threads", &self.threads)
            .field("busy", &self.busy.load(Ordering::SeqCst))
            .finish()
    }
}

fn work(rx: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job.
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            // Every sender is gone: the store was dropped.
            Err(_) => return,
        }
    }
}

impl Workers {
    /// `threads` (at least 1) threads, which end when the store is dropped.
    pub fn new(threads: usize) -> Self {
        let threads = threads.max(1);
        let (tx, rx) = channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let mut started = 0;
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("sf-media-{i}"))
                .spawn(move || work(&rx));
            match spawned {
                Ok(_) => started += 1,
                Err(e) => tracing::error!(error = %e, "cannot start a media thread"),
            }
        }
        Self {
            queue: Mutex::new(tx),
            busy: Arc::new(AtomicUsize::new(0)),
            threads: started.max(1),
        }
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// How many could start a job now.
    pub fn idle(&self) -> usize {
        self.threads
            .saturating_sub(self.busy.load(Ordering::SeqCst))
    }

    /// Runs `f` on a media thread once one is free. A panic in `f` is an
    /// error here, and the thread lives on.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let busy = self.busy.clone();
        let job: Job = Box::new(move || {
            busy.fetch_add(1, Ordering::SeqCst);
            let result = catch_unwind(AssertUnwindSafe(f));
            busy.fetch_sub(1, Ordering::SeqCst);
            let _ = tx.send(result);
        });
        self.queue
            .lock()
            .map_err(|_| "the media queue is poisoned".to_string())?
            .send(job)
            .map_err(|_| "no media thread is running".to_string())?;
        match rx.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err("the media job panicked".into()),
            Err(_) => Err("the media job was dropped".into()),
        }
    }
}
