//! Timers from `setTimeout`, as futures. Durations past 2³¹−1 ms, which `setTimeout` would fire at
//! once, are waited out in steps.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::core::Error;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub(crate) fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub(crate) fn clear_timeout(id: &JsValue);
}

/// The longest delay `setTimeout` honours.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// A pending timer and its abort listener, cleared and removed when dropped (also when the
/// future that holds it is dropped mid-wait).
struct Pending<'a> {
    timer: JsValue,
    reject: Function,
    signal: Option<&'a AbortSignal>,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(s) = self.signal {
            let _ = s.remove_event_listener_with_callback("abort", &self.reject);
        }
    }
}

/// Resolves after `ms`, or fails with [`Error::Aborted`] as soon as `signal` aborts.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
    let mut left = ms.max(0.0);
    loop {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(Error::Aborted);
        }
        let step = left.min(MAX_TIMER_MS);
        let mut pending = None;
        let promise = Promise::new(&mut |resolve, reject| {
            let timer = set_timeout(&resolve, step);
            if let Some(s) = signal {
                let _ = s.add_event_listener_with_callback("abort", &reject);
            }
            pending = Some(Pending {
                timer,
                reject,
                signal,
            });
        });
        let outcome = JsFuture::from(promise).await;
        drop(pending);
        if outcome.is_err() {
            return Err(Error::Aborted);
        }
        left -= step;
        if left <= 0.0 {
            return Ok(());
        }
    }
}

/// Milliseconds since 1970, from the JS clock (`std::time` panics on wasm32-unknown-unknown).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
