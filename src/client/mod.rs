//! The Rust `HiflyClient` (wasm32): the fourteen endpoints over `fetch`, uploads, task polling,
//! pagination and callback verification. The same type is exported to JavaScript by
//! [`crate::js`], with camelCase names.

mod pages;
pub(crate) mod timer;
mod transport;
mod upload;
mod verify;
mod wait;

use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::core::*;

pub use pages::Pages;
pub(crate) use transport::{
    describe, is_array, json_parse, message_of, promise_of, stringify, swallow, JsBody, JsDoc,
};
pub use upload::{
    Progress, UploadData, UploadOptions, DEFAULT_STALL_MS, HIDDEN_PROGRESS_BYTES_PER_S,
};
pub use verify::{
    parse_callback, parse_callback_bytes, parse_callback_limited, parse_callback_text,
    verify_callback, CallbackRequest, TaskReader, Verified, VerifyOptions,
};
pub(crate) use wait::TaskState;
pub use wait::WaitOptions;

/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
/// Default number of times a read is resent.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// `HiflyClient::new`'s options. Their `Debug` never prints the token.
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// The API token; leave it out behind a proxy that adds it.
    pub token: Option<String>,
    /// The API's base URL (default [`DEFAULT_BASE_URL`]), or your proxy's.
    pub base_url: Option<String>,
    /// Per-attempt timeout in milliseconds (default 60 s; 0 for none).
    pub timeout_ms: Option<f64>,
    /// How many times a read is resent (default 2, at most 10).
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one, called as `fetch(url, init)`.
    pub fetch: Option<Function>,
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("fetch", &self.fetch.is_some())
            .finish()
    }
}

/// The last argument of every call: a signal and a per-attempt timeout.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Aborts the call, including between retries.
    pub signal: Option<AbortSignal>,
    /// Per-attempt timeout in milliseconds (default: the client's).
    pub timeout_ms: Option<f64>,
}

/// The checked options a client runs with.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) base: String,
    /// The base URL's origin, normalised: only answers from it are the API's.
    pub(crate) origin: String,
    pub(crate) token: Option<Token>,
    pub(crate) timeout_ms: f64,
    pub(crate) max_retries: u32,
    pub(crate) fetch: Option<Function>,
}

/// A client of the HiFly API V2. Cloning is cheap: clones share their options.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct HiflyClient {
    pub(crate) config: Rc<Config>,
}

impl HiflyClient {
    /// A client with `options`, checked: the token must fit a header, the base URL must be an
    /// absolute http(s) URL without credentials, query or fragment.
    pub fn new(options: ClientOptions) -> Result<HiflyClient, Error> {
        let base = options
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        validate::base_url(&base)?;
        let token = options.token.map(Token::new).transpose()?;
        let timeout_ms = options.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        validate::duration_ms("timeoutMs", timeout_ms)?;
        let max_retries = options.max_retries.map_or(Ok(DEFAULT_MAX_RETRIES), |n| {
            validate::max_retries(i64::from(n))
        })?;
        if options.fetch.is_none() && !has_global("fetch") {
            return Err(Error::invalid(
                "fetch",
                "this runtime has no global fetch: pass one in the options",
            ));
        }
        let origin = transport::origin(&base).ok_or_else(|| {
            Error::invalid("baseUrl", "must be an absolute http:// or https:// URL")
        })?;
        Ok(HiflyClient {
            config: Rc::new(Config {
                origin,
                base: base.trim_end_matches('/').to_string(),
                token,
                timeout_ms,
                max_retries,
                fetch: options.fetch,
            }),
        })
    }

    /// Calls any endpoint with call options.
    pub async fn call<E: Endpoint>(&self, e: &E, o: &CallOptions) -> Result<E::Output, Error> {
        if let Some(ms) = o.timeout_ms {
            validate::duration_ms("timeoutMs", ms)?;
        }
        self.config.send(e, o.signal.as_ref(), o.timeout_ms).await
    }
}

/// Whether the global object has `name` (without touching an undeclared global).
pub(crate) fn has_global(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &name.into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

macro_rules! rust_methods {
    ($(($t:ident, $rust:ident, $js:ident, $shape:ident $(($field:ident))?, $pts:literal, $rts:literal)),* $(,)?) => {
        impl HiflyClient {
            $( rust_methods!(@one $t, $rust, $shape $(($field))?); )*
        }
    };
    (@one $t:ident, $rust:ident, params) => {
        #[doc = concat!("Calls [`", stringify!($t), "`].")]
        pub async fn $rust(&self, params: &$t) -> Result<<$t as Endpoint>::Output, Error> {
            self.call(params, &CallOptions::default()).await
        }
    };
    (@one $t:ident, $rust:ident, optional) => {
        rust_methods!(@one $t, $rust, params);
    };
    (@one $t:ident, $rust:ident, none) => {
        #[doc = concat!("Calls [`", stringify!($t), "`].")]
        pub async fn $rust(&self) -> Result<<$t as Endpoint>::Output, Error> {
            self.call(&$t, &CallOptions::default()).await
        }
    };
    (@one $t:ident, $rust:ident, one($field:ident)) => {
        #[doc = concat!("Calls [`", stringify!($t), "`].")]
        pub async fn $rust(&self, $field: &str) -> Result<<$t as Endpoint>::Output, Error> {
            self.call(&$t { $field: $field.to_string() }, &CallOptions::default()).await
        }
    };
}

crate::for_each_endpoint!(rust_methods);
