//! Answering a wrong password as slowly as the throttle asks, on pages and
//! the API alike, so timing tells an attacker nothing more.

/// Sleeps out the delay a wrong password earned (nothing when none).
pub async fn wait_out(delay: time::Duration) {
    if delay.is_positive() {
        tokio::time::sleep(delay.unsigned_abs()).await;
    }
}
