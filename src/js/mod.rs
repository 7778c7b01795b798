//! The `#[wasm_bindgen]` skin: the client's JavaScript names, JS values into serde types and back
//! (serde-wasm-bindgen), and every error as a `HiflyError`. No I/O happens here; it all goes
//! through [`crate::client`].

mod convert;
mod types;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortSignal, Blob, ReadableStream};

use crate::client::{
    self, CallOptions, CallbackRequest, ClientOptions, HiflyClient, TaskReader, UploadData,
    UploadOptions, VerifyOptions, WaitOptions,
};
use crate::core::callback::Confirmation;
use crate::core::*;
use convert::{from_params, plain, to_js, Opts};

#[wasm_bindgen(module = "/js/hifly.js")]
extern "C" {
    #[wasm_bindgen(js_name = HiflyError)]
    type JsHiflyError;
    #[wasm_bindgen(constructor, js_class = HiflyError)]
    fn new(message: &str, fields: &JsValue) -> JsHiflyError;
    #[wasm_bindgen(thread_local_v2, js_name = HiflyError)]
    static HIFLY_ERROR_CLASS: JsValue;
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(next: &Function) -> JsValue;
}

/// A failure on its way to JS: the package's own error, or the caller's, passed back unchanged.
pub(crate) enum Failure {
    Hifly(Error, Option<String>),
    Caller(JsValue),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Hifly(e, None)
    }
}

impl Failure {
    fn into_js(self) -> JsValue {
        match self {
            Failure::Hifly(e, task_id) => error_value(&e, task_id.as_deref()),
            Failure::Caller(v) => v,
        }
    }
}

/// `e` as a `HiflyError`; `task_id` for a poll that failed.
pub(crate) fn error_value(e: &Error, task_id: Option<&str>) -> JsValue {
    let fields = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&fields, &k.into(), &v);
    };
    set("kind", e.kind().into());
    if let Some(code) = e.code() {
        set("code", (code.as_i64() as f64).into());
        set("codeName", code.name().into());
    }
    if let Some(status) = e.status() {
        set("status", status.into());
    }
    if let Some(id) = e.request_id() {
        set("requestId", id.into());
    }
    set("retryable", e.retryable().into());
    if let Some(f) = e.field() {
        set("field", f.into());
    }
    if let Some(ms) = e.retry_after_ms() {
        set("retryAfterMs", (ms as f64).into());
    }
    if let Error::InvalidCallback { refusal, .. } = e {
        set("reason", (*refusal).into());
    }
    let task = match e {
        Error::TaskFailed { task_id, .. } => Some(task_id.as_str()),
        _ => task_id,
    };
    if let Some(t) = task {
        set("taskId", t.into());
    }
    JsHiflyError::new(&e.message(), &fields).into()
}

/// Runs `work` as a Promise; its failure becomes a `HiflyError` (or the caller's own error).
fn promise<F>(work: F) -> Promise
where
    F: std::future::Future<Output = Result<JsValue, Failure>> + 'static,
{
    future_to_promise(async move { work.await.map_err(Failure::into_js) })
}

/// The `HiflyError` class.
#[wasm_bindgen(js_name = hiflyErrorClass, unchecked_return_type = "typeof HiflyError")]
pub fn hifly_error_class() -> JsValue {
    HIFLY_ERROR_CLASS.with(JsValue::clone)
}

/// Every documented error code by name, frozen.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "typeof ErrorCode")]
pub fn error_codes() -> JsValue {
    let o = Object::new();
    for code in ErrorCode::ALL {
        let _ = Reflect::set(&o, &code.name().into(), &(code.as_i64() as f64).into());
    }
    Object::freeze(&o).into()
}

/// Decodes endpoint `E`'s answer into its result as a JS value.
fn decode_js<E: Endpoint>(status: u16, body: &client::JsBody) -> Result<JsValue, Error> {
    to_js(&E::decode(status, body)?)
}

/// A task query's decoder for JS: the answer as a JS value, and the task's state.
type StepJs = fn(u16, &client::JsBody) -> Result<(JsValue, client::TaskState), Error>;

/// Decodes a task query's answer into its JS value and the task's state.
fn step_js<Q: TaskQuery>(
    status: u16,
    body: &client::JsBody,
) -> Result<(JsValue, client::TaskState), Error> {
    let out = Q::decode(status, body)?;
    let (s, code, message, request_id) = Q::state(&out);
    Ok((
        to_js(&out)?,
        (s, code, message.to_string(), request_id.map(str::to_string)),
    ))
}

/// Task query `Q`'s request for `task_id`.
fn task_query<Q: TaskQuery>(task_id: String, token: Option<&Token>) -> Result<HttpRequest, Error> {
    Q::for_task(task_id).to_request_with(token, |_| Ok(String::new()))
}

/// `{signal?, timeoutMs?}`, the last argument of every method.
fn call_options(v: &JsValue) -> Result<CallOptions, Error> {
    let o = Opts::read(v, "options", &["signal", "timeoutMs"], true)?;
    Ok(CallOptions {
        signal: o.signal("signal")?,
        timeout_ms: o.ms("timeoutMs")?,
    })
}

macro_rules! js_methods {
    ($(($t:ident, $rust:ident, $js:ident, $shape:ident $(($field:ident))?, $pts:literal, $rts:literal)),* $(,)?) => {
        $( js_methods!(@one $t, $js, $shape $(($field))?, $pts, $rts); )*
    };
    // Each method is a thin shim: its endpoint's reading and decoding are passed to the one
    // shared `run`, so that the request's future, the options and the errors are one copy.
    (@one $t:ident, $js:ident, params, $pts:literal, $rts:literal) => {
        #[wasm_bindgen(js_class = HiflyClient)]
        impl HiflyClient {
            #[doc = concat!("`", stringify!($js), "(params, options?)`: [`", stringify!($t), "`].")]
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $rts)]
            #[allow(non_snake_case)]
            pub fn $js(
                &self,
                #[wasm_bindgen(unchecked_param_type = $pts)] params: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
            ) -> Promise {
                self.run(&params, options, |v, token| prepare(from_params::<$t>(v, false)?, token), decode_js::<$t>)
            }
        }
    };
    (@one $t:ident, $js:ident, optional, $pts:literal, $rts:literal) => {
        #[wasm_bindgen(js_class = HiflyClient)]
        impl HiflyClient {
            #[doc = concat!("`", stringify!($js), "(params?, options?)`: [`", stringify!($t), "`].")]
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $rts)]
            #[allow(non_snake_case)]
            pub fn $js(
                &self,
                #[wasm_bindgen(unchecked_optional_param_type = $pts)] params: Option<JsValue>,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
            ) -> Promise {
                let params = params.unwrap_or(JsValue::UNDEFINED);
                self.run(&params, options, |v, token| prepare(from_params::<$t>(v, true)?, token), decode_js::<$t>)
            }
        }
    };
    (@one $t:ident, $js:ident, none, $pts:literal, $rts:literal) => {
        #[wasm_bindgen(js_class = HiflyClient)]
        impl HiflyClient {
            #[doc = concat!("`", stringify!($js), "(options?)`: [`", stringify!($t), "`].")]
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $rts)]
            #[allow(non_snake_case)]
            pub fn $js(
                &self,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
            ) -> Promise {
                self.run(&JsValue::UNDEFINED, options, |_, token| prepare($t, token), decode_js::<$t>)
            }
        }
    };
    (@one $t:ident, $js:ident, one($field:ident), $pts:literal, $rts:literal) => {
        #[wasm_bindgen(js_class = HiflyClient)]
        impl HiflyClient {
            #[doc = concat!("`", stringify!($js), "(", stringify!($field), ", options?)`: [`", stringify!($t), "`].")]
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $rts)]
            #[allow(non_snake_case)]
            pub fn $js(
                &self,
                #[wasm_bindgen(unchecked_param_type = $pts)] $field: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
            ) -> Promise {
                self.run(&$field, options, |v, token| {
                    let $field = convert::string_arg(v, stringify!($field))?;
                    prepare($t { $field }, token)
                }, decode_js::<$t>)
            }
        }
    };
}

/// Validates endpoint `e` and builds its request, the body written by the JS engine.
fn prepare<E: Endpoint>(e: E, token: Option<&Token>) -> Result<HttpRequest, Error> {
    e.to_request_with(token, |e| client::stringify(e))
}

/// Reads a method's arguments into its request (per endpoint).
type PrepareJs = fn(&JsValue, Option<&Token>) -> Result<HttpRequest, Error>;

crate::for_each_endpoint!(js_methods);

impl HiflyClient {
    /// Sends a request read from JS arguments by `read` and gives its result, decoded by
    /// `decode`, as a JS value. Only the reading and the decoding are per endpoint; the rest is
    /// one copy for all.
    #[inline(never)]
    fn run(
        &self,
        args: &JsValue,
        options: Option<JsValue>,
        read: PrepareJs,
        decode: fn(u16, &client::JsBody) -> Result<JsValue, Error>,
    ) -> Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let prepared = read(args, self.config.token.as_ref())
            .and_then(|req| Ok((req, call_options(&options)?)));
        let client = self.clone();
        promise(async move {
            let (req, o) = prepared?;
            if let Some(ms) = o.timeout_ms {
                validate::duration_ms("timeoutMs", ms)?;
            }
            let mut out = JsValue::UNDEFINED;
            let mut read = |status: u16, body: &client::JsBody| {
                out = decode(status, body)?;
                Ok(())
            };
            client
                .config
                .exchange(&req, o.signal.as_ref(), o.timeout_ms, None, &mut read)
                .await?;
            Ok(out)
        })
    }

    fn wait_js<Q: TaskQuery + 'static>(&self, task_id: JsValue, options: JsValue) -> Promise {
        self.wait_request(&task_id, options, task_query::<Q>, step_js::<Q>)
    }

    /// The JS wait, the same for every task type but for `query` and `decode`.
    #[inline(never)]
    fn wait_request(
        &self,
        task_id: &JsValue,
        options: JsValue,
        query: fn(String, Option<&Token>) -> Result<HttpRequest, Error>,
        decode: StepJs,
    ) -> Promise {
        let client = self.clone();
        let query = convert::string_arg(task_id, "task_id")
            .and_then(|id| Ok((id.clone(), query(id, self.config.token.as_ref())?)));
        let read = (|| {
            let o = Opts::read(
                &options,
                "options",
                &["intervalMs", "timeoutMs", "signal", "onStatus"],
                true,
            )?;
            let wait = WaitOptions {
                interval_ms: o.ms("intervalMs")?,
                timeout_ms: o.ms("timeoutMs")?,
                signal: o.signal("signal")?,
            };
            let (id, req) = query?;
            Ok::<_, Error>((id, req, wait, o.function("onStatus")?))
        })();
        promise(async move {
            let (id, req, wait, on_status) = read?;
            // The caller's own exception from onStatus comes back unchanged.
            let mut thrown: Option<JsValue> = None;
            let mut last = JsValue::UNDEFINED;
            let mut step = |status: u16, body: &client::JsBody| {
                let (value, state) = decode(status, body)?;
                if let Some(f) = &on_status {
                    if let Err(e) = f.call1(&JsValue::UNDEFINED, &value) {
                        thrown = Some(e);
                        return Err(Error::Aborted);
                    }
                }
                last = value;
                Ok(state)
            };
            let polled = client.poll_request(&req, &id, &wait, &mut step).await;
            match (polled, thrown) {
                (_, Some(caller)) => Err(Failure::Caller(caller)),
                (Ok(()), None) => Ok(last),
                (Err(e), None) => Err(Failure::Hifly(e, Some(id))),
            }
        })
    }

    fn pages_js<L: ListQuery + 'static>(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let read = (|| {
            let o = Opts::read(
                &params,
                "params",
                &["kind", "size", "signal", "timeoutMs"],
                true,
            )?;
            let options = CallOptions {
                signal: o.signal("signal")?,
                timeout_ms: o.ms("timeoutMs")?,
            };
            client::Pages::<L>::new(self, o.int("kind")?, o.int("size")?, options)
        })();
        let walk = read.map_err(|e| error_value(&e, None))?;
        Ok(iterator(Box::new(walk)))
    }
}

/// The next item of a walk as a JS value, `None` after the last.
type NextJs<'a> = Pin<Box<dyn Future<Output = Option<Result<JsValue, Error>>> + 'a>>;

/// A list walk as JS iterates it: the next item as a JS value.
trait JsWalk {
    fn next_js(&mut self) -> NextJs<'_>;
}

impl<L: ListQuery + 'static> JsWalk for client::Pages<L> {
    fn next_js(&mut self) -> NextJs<'_> {
        Box::pin(async move { Some(self.next().await?.and_then(|item| to_js(&item))) })
    }
}

/// The async iterator over a walk, the same for every list (one copy in the `.wasm`).
fn iterator(walk: Box<dyn JsWalk>) -> JsValue {
    // The walk is taken out while a page loads, so a second next() before the first settles is
    // refused rather than racing it.
    let slot = Rc::new(RefCell::new(Some(walk)));
    let next = Closure::<dyn FnMut() -> Promise>::new(move || {
        let slot = slot.clone();
        promise(async move {
            let mut walk = slot
                .borrow_mut()
                .take()
                .ok_or_else(|| Error::invalid("next", "wait for the previous next() to settle"))?;
            let item = walk.next_js().await;
            *slot.borrow_mut() = Some(walk);
            let result = Object::new();
            let item = item.transpose()?;
            let _ = Reflect::set(&result, &"done".into(), &item.is_none().into());
            if let Some(item) = item {
                let _ = Reflect::set(&result, &"value".into(), &item);
            }
            Ok(result.into())
        })
    });
    async_iterable(&next.into_js_value().unchecked_into())
}

#[wasm_bindgen(js_class = HiflyClient)]
impl HiflyClient {
    /// `new HiflyClient({token?, baseUrl?, timeoutMs?, maxRetries?, fetch?})`.
    #[wasm_bindgen(constructor)]
    pub fn js_new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<HiflyClient, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let read = || -> Result<HiflyClient, Error> {
            let o = Opts::read(
                &options,
                "options",
                &["token", "baseUrl", "timeoutMs", "maxRetries", "fetch"],
                true,
            )?;
            let max_retries = o
                .int("maxRetries")?
                .map(validate::max_retries)
                .transpose()?;
            HiflyClient::new(ClientOptions {
                token: o.string("token")?,
                base_url: o.string("baseUrl")?,
                timeout_ms: o.ms("timeoutMs")?,
                max_retries,
                fetch: o.function("fetch")?,
            })
        };
        read().map_err(|e| error_value(&e, None))
    }

    /// `uploadFile(data, {file_extension, purpose?, onProgress?, signal?, timeoutMs?,
    /// stallTimeoutMs?})`.
    #[wasm_bindgen(js_name = uploadFile, unchecked_return_type = "Promise<Uploaded>")]
    pub fn js_upload_file(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UploadData")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UploadOptions")] options: JsValue,
    ) -> Promise {
        let client = self.clone();
        let read = (|| {
            let o = Opts::read(
                &options,
                "options",
                &[
                    "file_extension",
                    "purpose",
                    "onProgress",
                    "signal",
                    "timeoutMs",
                    "stallTimeoutMs",
                ],
                false,
            )?;
            let ext = o
                .string("file_extension")?
                .ok_or_else(|| Error::invalid("file_extension", "is required"))?;
            let purpose = match o.string("purpose")? {
                None => None,
                Some(p) => Some(UploadPurpose::from_name(&p).ok_or_else(|| {
                    Error::invalid(
                        "purpose",
                        "must be avatar_video, avatar_image, voice_audio or video_audio",
                    )
                })?),
            };
            let on_progress = o.function("onProgress")?;
            let upload = UploadOptions {
                file_extension: ext,
                purpose,
                signal: o.signal("signal")?,
                timeout_ms: o.ms("timeoutMs")?,
                stall_timeout_ms: o.ms("stallTimeoutMs")?,
            };
            // The type before the data, so that a wrong type is named first.
            validate::upload(&upload.file_extension, None, upload.purpose)?;
            Ok::<_, Error>((upload_data(&data)?, upload, on_progress))
        })();
        promise(async move {
            let (data, upload, on_progress) = read?;
            let thrown: Rc<RefCell<Option<JsValue>>> = Rc::default();
            let report = on_progress.map(|f| {
                let thrown = thrown.clone();
                Rc::new(move |loaded: f64, total: f64| -> Result<(), Error> {
                    let p = Object::new();
                    let _ = Reflect::set(&p, &"loaded".into(), &loaded.into());
                    let _ = Reflect::set(&p, &"total".into(), &total.into());
                    f.call1(&JsValue::UNDEFINED, &p).map(drop).map_err(|e| {
                        *thrown.borrow_mut() = Some(e);
                        Error::Aborted
                    })
                }) as client::Progress
            });
            match client.upload(data, &upload, report).await {
                Ok(out) => Ok(to_js(&out)?),
                Err(e) => match thrown.take() {
                    Some(caller) => Err(Failure::Caller(caller)),
                    None => Err(e.into()),
                },
            }
        })
    }

    /// `waitForAvatarTask(task_id, {intervalMs?, timeoutMs?, signal?, onStatus?})`.
    #[wasm_bindgen(
        js_name = waitForAvatarTask,
        unchecked_return_type = "Promise<AvatarTask & { status: 3; avatar: string }>"
    )]
    pub fn js_wait_for_avatar_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<AvatarTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait_js::<GetAvatarTask>(task_id, options.unwrap_or(JsValue::UNDEFINED))
    }

    /// `waitForVoiceTask(task_id, {intervalMs?, timeoutMs?, signal?, onStatus?})`.
    #[wasm_bindgen(
        js_name = waitForVoiceTask,
        unchecked_return_type = "Promise<VoiceTask & { status: 3; voice: string }>"
    )]
    pub fn js_wait_for_voice_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<VoiceTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait_js::<GetVoiceTask>(task_id, options.unwrap_or(JsValue::UNDEFINED))
    }

    /// `waitForVideoTask(task_id, {intervalMs?, timeoutMs?, signal?, onStatus?})`.
    #[wasm_bindgen(
        js_name = waitForVideoTask,
        unchecked_return_type = "Promise<VideoTask & { status: 3; video_url: string }>"
    )]
    pub fn js_wait_for_video_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<VideoTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait_js::<GetVideoTask>(task_id, options.unwrap_or(JsValue::UNDEFINED))
    }

    /// `avatars({kind?, size?, signal?, timeoutMs?})`: every avatar, page by page.
    #[wasm_bindgen(js_name = avatars, unchecked_return_type = "AsyncIterableIterator<AvatarItem>")]
    pub fn js_avatars(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.pages_js::<ListAvatars>(params.unwrap_or(JsValue::UNDEFINED))
    }

    /// `voices({kind?, size?, signal?, timeoutMs?})`: every voice, page by page.
    #[wasm_bindgen(js_name = voices, unchecked_return_type = "AsyncIterableIterator<VoiceItem>")]
    pub fn js_voices(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.pages_js::<ListVoices>(params.unwrap_or(JsValue::UNDEFINED))
    }
}

/// Upload data from JS: a Blob, an ArrayBuffer or view, or a ReadableStream.
fn upload_data(data: &JsValue) -> Result<UploadData, Error> {
    if client::has_global("Blob") && data.is_instance_of::<Blob>() {
        return Ok(UploadData::Blob(data.clone().unchecked_into()));
    }
    if data.is_instance_of::<js_sys::ArrayBuffer>() || js_sys::ArrayBuffer::is_view(data) {
        return Ok(UploadData::Bytes(data.clone().unchecked_into()));
    }
    if client::has_global("ReadableStream") && data.is_instance_of::<ReadableStream>() {
        return Ok(UploadData::Stream(data.clone().unchecked_into()));
    }
    Err(Error::invalid(
        "data",
        "must be a Blob, File, ArrayBuffer, Uint8Array or ReadableStream",
    ))
}

/// `parseCallback(body)`: a string, Uint8Array, ArrayBuffer or parsed object, read strictly.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "HiflyCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | object")]
    body: JsValue,
) -> Result<JsValue, JsValue> {
    let parsed = (|| {
        // Sizes are checked before anything is copied into wasm memory, which never shrinks.
        let max = MAX_CALLBACK_BYTES;
        if let Some(text) = body.dyn_ref::<js_sys::JsString>() {
            return client::parse_callback_text(text, max);
        }
        let bytes = if let Some(view) = body.dyn_ref::<js_sys::Uint8Array>() {
            Some(view.clone())
        } else {
            // A detached buffer (transferred away) has no bytes, and no view can be made of it.
            body.dyn_ref::<js_sys::ArrayBuffer>()
                .map(|b| match b.byte_length() {
                    0 => js_sys::Uint8Array::new_with_length(0),
                    _ => js_sys::Uint8Array::new(b),
                })
        };
        if let Some(bytes) = bytes {
            if bytes.byte_length() as usize > max {
                return Err(crate::core::callback::too_large(max));
            }
            return client::parse_callback_bytes(&bytes.to_vec(), max);
        }
        if body.is_object() {
            let value =
                plain(&body).map_err(|_| Error::malformed("the object cannot be read as JSON"))?;
            return crate::core::callback::from_document(&client::JsDoc(value));
        }
        Err(Error::malformed(
            "the body must be a string, a Uint8Array, an ArrayBuffer or an object",
        ))
    })();
    parsed
        .and_then(|c| to_js(&c))
        .map_err(|e| error_value(&e, None))
}

/// A `TaskReader` over any object with `getVideoTask`, `getAvatarTask` and `getVoiceTask`, as a
/// `HiflyClient` has. Its own errors come back unchanged.
struct JsReader {
    target: JsValue,
    thrown: RefCell<Option<JsValue>>,
}

impl TaskReader for JsReader {
    async fn confirmation(&self, kind: i64, task_id: &str) -> Result<Confirmation, Error> {
        let name = match kind {
            1 => "getVideoTask",
            2 => "getAvatarTask",
            _ => "getVoiceTask",
        };
        let method: Function = Reflect::get(&self.target, &name.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| {
                Error::invalid(
                    "client",
                    format!("must have a {name}() method, as a HiflyClient does"),
                )
            })?;
        let call = method.call1(&self.target, &task_id.into());
        let answer = match call {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(client::promise_of(&p)).await,
            Err(e) => Err(e),
        };
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                let kind = Reflect::get(&e, &"kind".into())
                    .ok()
                    .and_then(|k| k.as_string());
                let code = Reflect::get(&e, &"code".into())
                    .ok()
                    .and_then(|c| c.as_f64());
                if kind.as_deref() == Some("api") && code == Some(14.0) {
                    return Err(Error::Api {
                        code: ErrorCode::NotFound,
                        message: String::new(),
                        request_id: None,
                    });
                }
                *self.thrown.borrow_mut() = Some(e);
                return Err(Error::Aborted);
            }
        };
        let unconfirmed = |e: crate::core::response::ReadError| {
            Error::refused(
                "unconfirmed",
                format!("the API's answer does not read: {}", e.describe()),
            )
        };
        // The reader is the caller's object: its answer is copied as plain data first, so that
        // a getter or a Proxy in it is an error rather than an exception.
        let doc = client::JsDoc(plain(&answer).map_err(|e| {
            Error::refused(
                "unconfirmed",
                format!("the API's answer does not read: {e}"),
            )
        })?);
        use crate::core::response::Document;
        Ok(match kind {
            1 => doc.read::<VideoTask>().map_err(unconfirmed)?.into(),
            2 => doc.read::<AvatarTask>().map_err(unconfirmed)?.into(),
            _ => doc.read::<VoiceTask>().map_err(unconfirmed)?.into(),
        })
    }
}

/// `verifyCallback(request, {secret, client?, maxBodyBytes?})`.
#[wasm_bindgen(js_name = verifyCallback, unchecked_return_type = "Promise<VerifiedCallback>")]
pub fn verify_callback(
    #[wasm_bindgen(unchecked_param_type = "Request | CallbackRequestLike")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Promise {
    let read = (|| {
        let o = Opts::read(
            &options,
            "options",
            &["secret", "client", "maxBodyBytes"],
            false,
        )?;
        let secret = o
            .string("secret")?
            .ok_or_else(|| Error::invalid("secret", "is required"))?;
        let max = o.int("maxBodyBytes")?;
        let reader = o.value("client")?.filter(|c| !c.is_null());
        if let Some(c) = &reader {
            if !c.is_object() {
                return Err(Error::invalid(
                    "client",
                    "must have getVideoTask(), getAvatarTask() and getVoiceTask()",
                ));
            }
        }
        let req = callback_request(&request)?;
        let verify = VerifyOptions {
            secret,
            // Out of range either way is refused by verify_callback, never truncated.
            max_body_bytes: max.map(|n| usize::try_from(n).unwrap_or(0)),
        };
        Ok::<_, Error>((req, verify, reader))
    })();
    promise(async move {
        let (req, verify, reader) = read?;
        let reader = reader.map(|target| JsReader {
            target,
            thrown: RefCell::new(None),
        });
        let verified = client::verify_callback(&req, &verify, reader.as_ref()).await;
        if let Some(caller) = reader.as_ref().and_then(|r| r.thrown.take()) {
            return Err(Failure::Caller(caller));
        }
        let v = verified?;
        let out = to_js(&v.callback)?;
        let _ = Reflect::set(&out, &"confirmed".into(), &v.confirmed.into());
        Ok(out)
    })
}

/// The parts of a fetch `Request` that verification reads.
fn callback_request(request: &JsValue) -> Result<CallbackRequest, Error> {
    let bad = || Error::invalid("request", "must be a fetch Request");
    if !request.is_object() {
        return Err(bad());
    }
    let get = |k: &str| Reflect::get(request, &k.into()).map_err(|_| bad());
    let url = get("url")?.as_string().ok_or_else(bad)?;
    let method = get("method")?.as_string().unwrap_or_default();
    let headers = get("headers")?;
    let content_length = headers
        .dyn_ref::<web_sys::Headers>()
        .and_then(|h| h.get("content-length").ok().flatten());
    // A native stream, or a web-streams polyfill's (it has getReader) whose chunks are Uint8Arrays. A
    // body of any other kind (node-fetch's Node stream) is refused by name: read as empty, it
    // would only be called an empty body.
    let body = get("body")?;
    let body = if body.is_null() || body.is_undefined() {
        None
    } else if body.is_instance_of::<ReadableStream>()
        || Reflect::get(&body, &"getReader".into()).is_ok_and(|f| f.is_function())
    {
        Some(body.unchecked_into::<ReadableStream>())
    } else {
        return Err(Error::invalid(
            "request",
            "its body must be a ReadableStream, as a fetch Request's is (pass the runtime's own Request)",
        ));
    };
    Ok(CallbackRequest {
        url,
        method,
        content_length,
        body,
    })
}

#[allow(dead_code)]
fn _signal_type(_: AbortSignal) {}
