//! Uploads: a signed URL from the API, then a PUT of the bytes straight from JS to it, with the
//! `Content-Type` the API chose and never the token. The bytes stay JS values handed to fetch or
//! XHR; they never enter wasm memory.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob, ReadableStream, XmlHttpRequest};

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
    /// A timeout for the PUT (none by default: a large file may rightly take long).
    pub timeout_ms: Option<f64>,
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
        // The type first, so that a wrong one costs nothing; the size once it is known.
        let ext = validate::upload(&o.file_extension, None, o.purpose)?;
        data.check()?;
        let signal = o.signal.as_ref();
        let browser = has_global("XMLHttpRequest");
        if let (UploadData::Stream(stream), true) = (&data, browser) {
            // Browsers cannot stream a request body over HTTP/1.1: gather the stream into a Blob
            // (browser memory, never wasm memory).
            let deadline = Deadline::new(0.0, signal)?;
            let what = "reading the stream";
            let response = web_sys::Response::new_with_opt_readable_stream(Some(stream))
                .map_err(|e| deadline.classify(&e, what))?;
            let blob = response.blob().map_err(|e| deadline.classify(&e, what))?;
            // Raced against the caller's signal (through the deadline's controller), so that an
            // endless stream can still be aborted.
            let aborted = deadline.aborted_promise();
            let race = js_sys::Promise::race(&js_sys::Array::of2(&blob, &aborted));
            let blob = settle(race, &deadline, what).await?;
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
        let timeout = o.timeout_ms.unwrap_or(0.0);
        let (status, body) = match on_progress.clone() {
            Some(report) if browser => {
                xhr_put(&target, &data, size, report, timeout, signal).await?
            }
            _ => {
                let total = size.unwrap_or(0.0);
                if let Some(report) = &on_progress {
                    report(0.0, total)?;
                }
                let answer = self.fetch_put(&target, &data, timeout, signal).await?;
                if let (Some(report), 200..=299) = (&on_progress, answer.0) {
                    if let Some(n) = size {
                        report(n, n)?;
                    }
                }
                answer
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
        timeout_ms: f64,
        signal: Option<&AbortSignal>,
    ) -> Result<(u16, String), Error> {
        let what = "PUT (upload)";
        let deadline = Deadline::new(timeout_ms, signal)?;
        // Only a Content-Type: the signed URL is a third party, and never sees the token.
        let headers = [("content-type", target.content_type.clone())];
        let out = Outgoing {
            method: "PUT",
            headers: &headers,
            body: Some(data.value().clone()),
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
        let head = response.head(what)?;
        let text = response.read_text(&deadline, what).await?;
        let body = super::JsBody(text);
        Ok((head.status, body.snippet()))
    }
}

/// A PUT through XMLHttpRequest, which reports upload progress (fetch cannot).
async fn xhr_put(
    target: &UploadUrl,
    data: &UploadData,
    size: Option<f64>,
    report: Progress,
    timeout_ms: f64,
    signal: Option<&AbortSignal>,
) -> Result<(u16, String), Error> {
    let what = "PUT (upload)";
    let deadline = Deadline::new(timeout_ms, signal)?;
    let fail = |e: JsValue| deadline.classify(&e, what);
    let xhr = XmlHttpRequest::new().map_err(fail)?;
    xhr.open("PUT", &target.upload_url).map_err(fail)?;
    xhr.set_request_header("Content-Type", &target.content_type)
        .map_err(fail)?;
    // The caller's own error from onProgress, which stops the upload.
    let stopped: Rc<RefCell<Option<Error>>> = Rc::default();
    let progress = {
        let (stopped, xhr) = (stopped.clone(), xhr.clone());
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
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
    let outcome = match sent {
        Ok(()) => JsFuture::from(promise).await.map(drop),
        Err(e) => Err(e),
    };
    let _ = controller_signal.remove_event_listener_with_callback("abort", &abort);
    upload.set_onloadstart(None);
    upload.set_onprogress(None);
    drop(progress);
    if let Some(err) = stopped.take() {
        return Err(err);
    }
    if outcome.is_err() {
        return Err(fail(JsValue::from_str("The upload failed on the network")));
    }
    let status = xhr.status().map_err(fail)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    Ok((status, crate::core::response::snippet(&text)))
}
