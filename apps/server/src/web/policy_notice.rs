//! The in-app notice of a new privacy policy version. The page layout is
//! built synchronously from the signed-in user, so the check happens when
//! the session is read ([`super::session::WebUser`]) and its result travels
//! to the layout in a per-request slot that [`scope`] opens around every
//! request.

use std::cell::RefCell;

use poem::{Endpoint, IntoResponse, Request, Response};
use socialflow_core::UserId;

tokio::task_local! {
    static SLOT: RefCell<Option<Pending>>;
}

#[derive(Clone)]
struct Pending {
    user: UserId,
    version: String,
}

/// Middleware: a fresh, empty slot for each request.
pub async fn scope<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    SLOT.scope(RefCell::new(None), async move {
        next.call(req).await.map(IntoResponse::into_response)
    })
    .await
}

/// Records that `user` has not acknowledged policy `version`.
pub fn mark(user: UserId, version: String) {
    let _ = SLOT.try_with(|s| *s.borrow_mut() = Some(Pending { user, version }));
}

/// The unacknowledged policy version to show `user`, if any.
pub fn pending_for(user: UserId) -> Option<String> {
    SLOT.try_with(|s| {
        s.borrow()
            .as_ref()
            .filter(|p| p.user == user)
            .map(|p| p.version.clone())
    })
    .ok()
    .flatten()
}
