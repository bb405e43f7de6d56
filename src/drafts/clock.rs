//! The time the staff side reads: the system's, moved by tests (a
//! session's expiry, the login throttle's window) without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Seconds since 1970 (UTC), the system's plus an offset tests may move.
#[derive(Clone, Default)]
pub struct Clock {
    offset: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn now(&self) -> i64 {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        system + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every copy of it) `seconds` ahead.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }

    /// Now as the audit log writes it: `2026-12-07T03:15:00Z`.
    pub fn now_utc(&self) -> String {
        crate::format::utc_of_unix(self.now())
    }
}
