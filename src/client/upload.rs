//! Uploads: a signed URL from the API, then a PUT of the bytes straight from JS to it, with the
//! `Content-Type` the API chose and never the token. The bytes stay JS values handed to fetch or
//! XHR; they never enter wasm memory.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, ReadableStream, XmlHttpRequest};

use super::timer;
use super::transport::{fetch, settle, Deadline, Outgoing};
use super::{has_global, HiflyClient};
use crate::core::response::Body as _;
use crate::core::*;

/// What can be uploaded.
#[derive(Debug, Clone)]
pub enum UploadData {
    /// A Blob or File (in Node, also `fs.openAsBlob`).
    Blob(Blob),
    /// An ArrayBuffer or a view of one (Uint8Array…).
    Bytes(Object),
    /// A stream of bytes.
    Stream(ReadableStream),
}

/// `upload_file`'s options.
#[derive(Debug, Clone, Default)]
pub struct UploadOptions {
    /// The file's extension, e.g. `mp4`.
    pub file_extension: String,
    /// What the file is for; narrows the types and size limit.
    pub purpose: Option<UploadPurpose>,
    /// Stops the upload.
    pub signal: Option<AbortSignal>,
    /// A timeout for the whole PUT (none by default: a large file may rightly take long).
    pub timeout_ms: Option<f64>,
    /// Stops a PUT that makes no progress for this long: [`DEFAULT_STALL_MS`] when `None`,
    /// never when 0. Progress is a progress event (XHR), a stream's chunk taken by fetch, or the
    /// answer's arrival; a send whose progress cannot be seen is allowed
    /// [`HIDDEN_PROGRESS_BYTES_PER_S`] on top.
    pub stall_timeout_ms: Option<f64>,
}

/// How long an upload's PUT may go without progress: a minute.
pub const DEFAULT_STALL_MS: f64 = 60_000.0;

/// Where fetch hides a send's progress (a Blob or bytes, or a chunk of a stream once handed
/// over), the send counts as progressing at this many bytes a second, on top of the stall
/// timeout: a 500 MB video is allowed about nine hours before its first sign of progress (the
/// answer), a 10 MB audio about ten minutes. Slower links need `onProgress` (XHR, in browsers)
/// or `stallTimeoutMs: 0`.
pub const HIDDEN_PROGRESS_BYTES_PER_S: f64 = 16.0 * 1024.0;

/// The time `bytes` may take to leave when their progress cannot be seen.
fn hidden_ms(bytes: f64) -> f64 {
    bytes / HIDDEN_PROGRESS_BYTES_PER_S * 1000.0
}

impl UploadData {
    /// The size in bytes when it is known without reading: a whole number, or an error.
    fn size(&self) -> Result<Option<f64>, Error> {
        let (value, key) = match self {
            UploadData::Blob(b) => (b as &JsValue, "size"),
            UploadData::Bytes(o) => (o as &JsValue, "byteLength"),
            UploadData::Stream(_) => return Ok(None),
        };
        // Read through Reflect: a Proxy or a subclass may throw where the real getter would not.
        let n = Reflect::get(value, &key.into())
            .ok()
            .and_then(|n| n.as_f64())
            .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n <= 9.007_199_254_740_991e15);
        n.map(Some)
            .ok_or_else(|| Error::invalid("data", "has a size that is not a whole number of bytes"))
    }

    /// Refuses what fetch and XHR would refuse only after an upload URL was spent: a view of a
    /// SharedArrayBuffer.
    fn check(&self) -> Result<(), Error> {
        if let UploadData::Bytes(o) = self {
            let buffer = Reflect::get(o, &"buffer".into()).unwrap_or(JsValue::UNDEFINED);
            if has_global("SharedArrayBuffer")
                && buffer.is_instance_of::<js_sys::SharedArrayBuffer>()
            {
                return Err(Error::invalid(
                    "data",
                    "is a view of a SharedArrayBuffer, which fetch cannot send: copy it into an \
                     ArrayBuffer first",
                ));
            }
        }
        Ok(())
    }

    fn value(&self) -> &JsValue {
        match self {
            UploadData::Blob(b) => b,
            UploadData::Bytes(o) => o,
            UploadData::Stream(s) => s,
        }
    }
}

/// The progress callback: `(loaded, total)`; an error stops the upload.
pub type Progress = Rc<dyn Fn(f64, f64) -> Result<(), Error>>;

impl HiflyClient {
    /// Uploads `data` and gives the `file_id` to create things with. The type is checked before
    /// anything is sent, the size as soon as it is known.
    pub async fn upload_file(
        &self,
        data: UploadData,
        o: &UploadOptions,
    ) -> Result<Uploaded, Error> {
        self.upload(data, o, None).await
    }

    pub(crate) async fn upload(
        &self,
        mut data: UploadData,
        o: &UploadOptions,
        on_progress: Option<Progress>,
    ) -> Result<Uploaded, Error> {
        if let Some(ms) = o.timeout_ms {
            validate::duration_ms("timeoutMs", ms)?;
        }
        if let Some(ms) = o.stall_timeout_ms {
            validate::duration_ms("stallTimeoutMs", ms)?;
        }
        // The type first, so that a wrong one costs nothing; the size once it is known.
        let ext = validate::upload(&o.file_extension, None, o.purpose)?;
        data.check()?;
        let signal = o.signal.as_ref();
        let browser = has_global("XMLHttpRequest");
        let timeout = o.timeout_ms.unwrap_or(0.0);
        let stall = o.stall_timeout_ms.unwrap_or(DEFAULT_STALL_MS);
        // In browsers a stream is gathered first: the PUT then has what is left of `timeoutMs`.
        let mut gathered_from = None;
        if let (UploadData::Stream(stream), true) = (&data, browser) {
            gathered_from = Some(timer::now_ms());
            // Browsers cannot stream a request body over HTTP/1.1: gather the stream into a Blob
            // (browser memory, never wasm memory), under the same timeout and stall clock, each
            // chunk being progress.
            let deadline = Rc::new(Deadline::stalling(timeout, stall, 0.0, signal)?);
            let what = "reading the stream";
            let (piped, watch) = watched(stream, deadline.clone(), Rc::default())
                .map_err(|e| deadline.classify(&e, what))?;
            let response =
                web_sys::Response::new_with_opt_readable_stream(Some(piped.unchecked_ref()))
                    .map_err(|e| deadline.classify(&e, what))?;
            let blob = response.blob().map_err(|e| deadline.classify(&e, what))?;
            // Settled under the deadline, so that an endless stream can still be aborted.
            let blob = settle(&blob, &deadline, what).await?;
            drop(watch);
            data = UploadData::Blob(blob.unchecked_into());
        }
        let size = data.size()?;
        if let Some(n) = size {
            validate::upload(&ext, Some(n as u64), o.purpose)?;
        }
        let target = self
            .config
            .send(
                &CreateUploadUrl {
                    file_extension: ext,
                },
                signal,
                None,
            )
            .await?;
        // Counted just before the PUT, so that the upload URL's call counts too; a timeout past
        // what a timer holds is none, and stays none.
        let put_timeout = match gathered_from {
            Some(started) if timeout > 0.0 && timeout <= timer::MAX_TIMER_MS => {
                let left = timeout - (timer::now_ms() - started);
                if left <= 0.0 {
                    return Err(Error::Timeout {
                        message: format!("PUT (upload): no answer within {timeout} ms"),
                    });
                }
                left
            }
            _ => timeout,
        };
        let (status, body) = match on_progress.clone() {
            // XHR, for its progress events, unless the caller's fetch is to carry every request.
            Some(report) if browser && self.config.fetch.is_none() => {
                let deadline = Deadline::stalling(put_timeout, stall, 0.0, signal)?;
                let deadline = Rc::new(deadline.reported_as(timeout));
                xhr_put(&target, &data, size, report, deadline).await?
            }
            _ => {
                // 0 at the start where the size is known (a stream's is not), and what was sent
                // at the end.
                if let (Some(report), Some(total)) = (&on_progress, size) {
                    report(0.0, total)?;
                }
                // A stream's chunks are seen as fetch pulls them; a Blob's or bytes' send is not.
                let hidden = hidden_ms(size.unwrap_or(0.0));
                let deadline =
                    Deadline::stalling(put_timeout, stall, hidden, signal)?.reported_as(timeout);
                let (status, body, streamed) =
                    self.fetch_put(&target, &data, Rc::new(deadline)).await?;
                if let (Some(report), 200..=299) = (&on_progress, status) {
                    // An empty stream says nothing: a total of 0 is no fraction of anything.
                    let sent = size.unwrap_or(streamed);
                    if sent > 0.0 || size.is_some() {
                        report(sent, sent)?;
                    }
                }
                (status, body)
            }
        };
        if !(200..300).contains(&status) {
            return Err(Error::Http {
                status,
                snippet: body,
                retry_after_ms: None,
            });
        }
        Ok(Uploaded {
            file_id: target.file_id,
            request_id: target.request_id,
        })
    }

    async fn fetch_put(
        &self,
        target: &UploadUrl,
        data: &UploadData,
        deadline: Rc<Deadline>,
    ) -> Result<(u16, String, f64), Error> {
        let what = "PUT (upload)";
        // Only a Content-Type: the signed URL is a third party, and never sees the token.
        let headers = [("content-type", target.content_type.clone())];
        // A stream goes through an identity TransformStream whose every chunk is progress, and
        // whose bytes are counted.
        let mut watch = None;
        let sent = Rc::new(Cell::new(0.0));
        let body = match data {
            UploadData::Stream(stream) => {
                let (piped, closure) = watched(stream, deadline.clone(), sent.clone())
                    .map_err(|e| deadline.classify(&e, "reading the stream"))?;
                watch = Some(closure);
                piped
            }
            other => other.value().clone(),
        };
        let out = Outgoing {
            method: "PUT",
            headers: &headers,
            query: &[],
            body: Some(body),
            streamed: matches!(data, UploadData::Stream(_)),
        };
        let response = fetch(
            self.config.fetch.as_ref(),
            &target.upload_url,
            &out,
            &deadline,
            what,
        )
        .await?;
        deadline.answered();
        let head = response.head(what)?;
        let text = response.read_text(&deadline, what).await?;
        drop(watch);
        let body = super::JsBody(text);
        Ok((head.status, body.snippet(), sent.get()))
    }
}

/// The chunk watcher of [`watched`]: kept alive while the stream is read.
type Watch = Closure<dyn FnMut(JsValue, web_sys::TransformStreamDefaultController)>;

/// `stream` piped through an identity TransformStream that reports each chunk to `deadline`.
fn watched(
    stream: &ReadableStream,
    deadline: Rc<Deadline>,
    sent: Rc<Cell<f64>>,
) -> Result<(JsValue, Watch), JsValue> {
    let watch = Watch::new(
        move |chunk: JsValue, c: web_sys::TransformStreamDefaultController| {
            // A big chunk is one event: allow it the time to leave.
            let bytes = Reflect::get(&chunk, &"byteLength".into())
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0);
            deadline.progressed(hidden_ms(bytes));
            sent.set(sent.get() + bytes);
            let _ = c.enqueue_with_chunk(&chunk);
        },
    );
    let transformer = Object::new();
    Reflect::set(&transformer, &"transform".into(), watch.as_ref())?;
    let pair = web_sys::TransformStream::new_with_transformer(&transformer)?;
    // Through Reflect, so that a locked stream is an error rather than an exception.
    let pipe: js_sys::Function = Reflect::get(stream, &"pipeThrough".into())?.dyn_into()?;
    Ok((pipe.call1(stream, &pair)?, watch))
}

/// A PUT through XMLHttpRequest, which reports upload progress (fetch cannot).
async fn xhr_put(
    target: &UploadUrl,
    data: &UploadData,
    size: Option<f64>,
    report: Progress,
    deadline: Rc<Deadline>,
) -> Result<(u16, String), Error> {
    let what = "PUT (upload)";
    let fail = |e: JsValue| deadline.classify(&e, what);
    let xhr = XmlHttpRequest::new().map_err(fail)?;
    xhr.open("PUT", &target.upload_url).map_err(fail)?;
    xhr.set_request_header("Content-Type", &target.content_type)
        .map_err(fail)?;
    // The caller's own error from onProgress, which stops the upload.
    let stopped: Rc<RefCell<Option<Error>>> = Rc::default();
    let progress = {
        let (stopped, xhr, deadline) = (stopped.clone(), xhr.clone(), deadline.clone());
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            deadline.progressed(0.0);
            let loaded = e.loaded();
            let total = size.unwrap_or(loaded);
            if stopped.borrow().is_none() {
                if let Err(err) = report(loaded, total) {
                    *stopped.borrow_mut() = Some(err);
                    let _ = xhr.abort();
                }
            }
        })
    };
    let upload = xhr.upload().map_err(fail)?;
    upload.set_onloadstart(Some(progress.as_ref().unchecked_ref()));
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // The answer's arrival is progress too.
    let answering = {
        let deadline = deadline.clone();
        Closure::<dyn FnMut()>::new(move || deadline.progressed(0.0))
    };
    xhr.set_onreadystatechange(Some(answering.as_ref().unchecked_ref()));
    let abort: js_sys::Function = Reflect::get(&xhr, &"abort".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| fail(JsValue::from_str("XMLHttpRequest has no abort()")))?;
    let abort = abort.bind0(&xhr);
    let controller_signal = deadline.signal();
    let _ = controller_signal.add_event_listener_with_callback("abort", &abort);
    let promise = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    let sent = match data {
        UploadData::Blob(b) => xhr.send_with_opt_blob(Some(b)),
        UploadData::Bytes(o) => xhr.send_with_opt_buffer_source(Some(o)),
        UploadData::Stream(_) => Err(JsValue::from_str("a stream cannot be sent by XHR")),
    };
    // A send that throws says why; an error event says nothing (it is a bare ProgressEvent).
    let outcome = match sent {
        Ok(()) => JsFuture::from(promise)
            .await
            .map(drop)
            .map_err(|_| JsValue::from_str("The upload failed on the network")),
        Err(e) => Err(e),
    };
    let _ = controller_signal.remove_event_listener_with_callback("abort", &abort);
    upload.set_onloadstart(None);
    upload.set_onprogress(None);
    xhr.set_onreadystatechange(None);
    drop((progress, answering));
    if let Some(err) = stopped.take() {
        return Err(err);
    }
    outcome.map_err(fail)?;
    let status = xhr.status().map_err(fail)?;
    // The answer's text stays a JS string, of which only the start is copied into wasm memory:
    // a storage server's error page may be large.
    let text = Reflect::get(&xhr, &"responseText".into())
        .ok()
        .and_then(|t| t.dyn_into::<js_sys::JsString>().ok())
        .unwrap_or_else(|| js_sys::JsString::from(""));
    Ok((status, super::JsBody(text).snippet()))
}
