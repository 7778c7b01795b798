//! `HiflyClient`: every endpoint as a method, plus uploads, polling and pagination.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert::{id_arg, Out, Params};
use super::error::Failure;
use super::js;
use super::params::FromJs;
use super::transport::{
    self, aborted, signal_value, timeout_value, CallOpts, Config, Decode, IntoJs,
};
use crate::core::validate::{self, UploadPurpose};
use crate::core::*;

/// Each attempt of a request gives up after this long unless told otherwise.
const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
/// Retry-safe requests are resent at most this many times unless told otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The first poll of a task waits this long; later ones back off.
const DEFAULT_POLL_MS: f64 = 2_000.0;
/// Polls never wait longer than this (or the caller's interval, if longer).
const POLL_CAP_MS: f64 = 15_000.0;
/// The API's default page size, used by the iterators unless told otherwise.
const DEFAULT_PAGE_SIZE: i64 = 20;

/// A client of the HiFly API V2.
#[wasm_bindgen]
pub struct HiflyClient {
    config: Rc<Config>,
}

/// Runs `work` as a promise whose rejection is a `HiflyError`.
///
/// Each caller's future is boxed into one type, so the promise machinery behind it exists once in
/// the `.wasm` rather than once per caller.
pub(crate) fn spawn<F>(work: F) -> Promise
where
    F: Future<Output = Result<JsValue, Failure>> + 'static,
{
    run_boxed(Box::pin(work))
}

fn run_boxed(work: Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>>) -> Promise {
    future_to_promise(async move { work.await.map_err(Failure::into_js) })
}

/// Reads the last argument of every method: `{signal?, timeoutMs?}`.
fn call_opts(config: &Config, options: &JsValue) -> Result<CallOpts, Failure> {
    let p = Params::new(options, "options", &["signal", "timeoutMs"], true)?;
    Ok(CallOpts {
        signal: signal_value(p.raw("signal"))?,
        timeout_ms: timeout_value(p.raw("timeoutMs"), "timeoutMs")?.unwrap_or(config.timeout_ms),
    })
}

impl HiflyClient {
    /// Builds `endpoint`'s request now and sends it in the returned promise, so bad input
    /// rejects the promise rather than throwing.
    fn run<E: Endpoint>(&self, options: Option<JsValue>, endpoint: Result<E, Failure>) -> Promise
    where
        E::Output: IntoJs,
    {
        let req = endpoint.and_then(|e| Ok(e.to_request(self.config.token.as_ref())?));
        let config = self.config.clone();
        execute(config, options, req, transport::decode::<E>)
    }
}

/// Sends one request and decodes it: the single async path every endpoint method shares.
fn execute(
    config: Rc<Config>,
    options: Option<JsValue>,
    req: Result<HttpRequest, Failure>,
    decode: Decode,
) -> Promise {
    spawn(async move {
        let opts = call_opts(&config, &options.unwrap_or(JsValue::UNDEFINED))?;
        transport::send(&config, &req?, &opts, decode).await
    })
}

/// Builds a task query for a task id.
type TaskRequest = fn(&Config, String) -> Result<HttpRequest, Error>;
/// Polls a task until it ends: resolves at status 3, rejects with `task_failed` at status 4, and
/// with `timeout` or `aborted` (carrying the task id, to resume later) when told to stop.
async fn wait_for(
    config: Rc<Config>,
    task_id: JsValue,
    options: JsValue,
    request: TaskRequest,
    decode: Decode,
) -> Result<JsValue, Failure> {
    let task_id = id_arg(&task_id, "task_id")?;
    let req = request(&config, task_id.clone())?;
    let p = Params::new(
        &options,
        "options",
        &["intervalMs", "timeoutMs", "signal", "onStatus"],
        true,
    )?;
    let interval = match timeout_value(p.raw("intervalMs"), "intervalMs")? {
        Some(ms) if ms < 1.0 => return Err(Failure::invalid("intervalMs", "must be at least 1")),
        Some(ms) => ms,
        None => DEFAULT_POLL_MS,
    };
    let overall = timeout_value(p.raw("timeoutMs"), "timeoutMs")?.filter(|ms| *ms > 0.0);
    let signal = signal_value(p.raw("signal"))?;
    let on_status = p.opt_fn("onStatus")?;
    let opts = CallOpts {
        signal: signal.clone(),
        ..CallOpts::defaults(&config)
    };
    let started = js_sys::Date::now();
    let cap = POLL_CAP_MS.max(interval);
    let mut delay = interval;
    loop {
        let result = transport::send(&config, &req, &opts, decode)
            .await
            .map_err(|f| f.for_task(&task_id))?;
        if let Some(f) = &on_status {
            f.call1(&JsValue::UNDEFINED, &result)
                .map_err(Failure::thrown)?;
        }
        let status = js::get(&result, "status").as_f64().unwrap_or(0.0) as i64;
        match TaskStatus::from_i64(status) {
            TaskStatus::Done => return Ok(result),
            TaskStatus::Failed => {
                let code = js::get(&result, "code").as_f64().unwrap_or(0.0) as i64;
                let message = js::get(&result, "message").as_string().unwrap_or_default();
                return Err(Failure::task_failed(&task_id, code, &message));
            }
            _ => {}
        }
        let mut wait = delay;
        if let Some(limit) = overall {
            let left = limit - (js_sys::Date::now() - started);
            if left <= 0.0 {
                return Err(Failure::new(
                    "timeout",
                    format!(
                        "Task {task_id} had not finished after {} ms; wait for it again to resume",
                        limit as u64
                    ),
                )
                .for_task(&task_id));
            }
            wait = wait.min(left);
        }
        if aborted(&signal) {
            return Err(Failure::new("aborted", "The operation was aborted").for_task(&task_id));
        }
        transport::sleep(wait, &signal)
            .await
            .map_err(|f| f.for_task(&task_id))?;
        delay = (delay * 1.5).min(cap);
    }
}

/// Builds a list request for one page.
type PageRequest = fn(&Config, Page) -> Result<HttpRequest, Error>;

#[wasm_bindgen]
impl HiflyClient {
    /// `new HiflyClient({token?, baseUrl?, timeoutMs?, maxRetries?, fetch?})`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<HiflyClient, JsValue> {
        Self::from_options(&options.unwrap_or(JsValue::UNDEFINED)).map_err(Failure::into_js)
    }

    fn from_options(options: &JsValue) -> Result<HiflyClient, Failure> {
        let p = Params::new(
            options,
            "options",
            &["token", "baseUrl", "timeoutMs", "maxRetries", "fetch"],
            true,
        )?;
        let token = p.opt_str("token")?.map(Token::new).transpose()?;
        let base_url = p
            .opt_str("baseUrl")?
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        validate::url("baseUrl", &base_url)?;
        if base_url.contains('?') || base_url.contains('#') {
            return Err(Failure::invalid(
                "baseUrl",
                "must not have a query or fragment",
            ));
        }
        let max_retries = match p.opt_int("maxRetries")? {
            None => DEFAULT_MAX_RETRIES,
            Some(n @ 0..=10) => n as u32,
            Some(n) => {
                return Err(Failure::invalid(
                    "maxRetries",
                    format!("must be between 0 and 10 (got {n})"),
                ))
            }
        };
        let fetch = p.opt_fn("fetch")?.map_or(JsValue::UNDEFINED, JsValue::from);
        if fetch.is_undefined() && !js::get(&js_sys::global(), "fetch").is_function() {
            return Err(Failure::invalid(
                "fetch",
                "this runtime has no global fetch: pass one in the options",
            ));
        }
        Ok(HiflyClient {
            config: Rc::new(Config {
                token,
                base_url: base_url.trim_end_matches('/').to_string(),
                timeout_ms: timeout_value(p.raw("timeoutMs"), "timeoutMs")?
                    .unwrap_or(DEFAULT_TIMEOUT_MS),
                max_retries,
                fetch,
            }),
        })
    }

    /// Clones an avatar from a video: `{title?, video_url? | file_id?}`.
    #[wasm_bindgen(js_name = createAvatarByVideo, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_avatar_by_video(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateAvatarByVideoParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateAvatarByVideo::from_js(&params))
    }

    /// Clones an avatar from an image (costs credits): `{title?, image_url? | file_id?, model?}`.
    #[wasm_bindgen(js_name = createAvatarByImage, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_avatar_by_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateAvatarByImageParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateAvatarByImage::from_js(&params))
    }

    /// The state of an avatar clone.
    #[wasm_bindgen(js_name = getAvatarTask, unchecked_return_type = "Promise<AvatarTask>")]
    pub fn get_avatar_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let endpoint = id_arg(&task_id, "task_id").map(|task_id| GetAvatarTask { task_id });
        self.run(options, endpoint)
    }

    /// A page of avatars: `{page?, size?, kind?}` (kind 2 public, the default; 1 own).
    #[wasm_bindgen(js_name = listAvatars, unchecked_return_type = "Promise<AvatarList>")]
    pub fn list_avatars(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        self.run(
            options,
            Page::from_js(&params).map(|page| ListAvatars { page }),
        )
    }

    /// Clones a voice: `{title, voice_type?, audio_url? | file_id?}`.
    #[wasm_bindgen(js_name = createVoice, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_voice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateVoiceParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateVoice::from_js(&params))
    }

    /// Sets a voice's `{voice, rate, volume, pitch}` (numbers or numeric strings).
    #[wasm_bindgen(js_name = editVoice, unchecked_return_type = "Promise<Ack>")]
    pub fn edit_voice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EditVoiceParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, EditVoice::from_js(&params))
    }

    /// A page of voices: `{page?, size?, kind?}` (kind 1 own, the default; 2 public).
    #[wasm_bindgen(js_name = listVoices, unchecked_return_type = "Promise<VoiceList>")]
    pub fn list_voices(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListParams")] params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        self.run(
            options,
            Page::from_js(&params).map(|page| ListVoices { page }),
        )
    }

    /// The state of a voice clone.
    #[wasm_bindgen(js_name = getVoiceTask, unchecked_return_type = "Promise<VoiceTask>")]
    pub fn get_voice_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let endpoint = id_arg(&task_id, "task_id").map(|task_id| GetVoiceTask { task_id });
        self.run(options, endpoint)
    }

    /// A video of an avatar speaking audio (costs credits): `{avatar, audio_url? | file_id?, title?}`.
    #[wasm_bindgen(js_name = createVideoByAudio, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_video_by_audio(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateVideoByAudioParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateVideoByAudio::from_js(&params))
    }

    /// A video of an avatar speaking text (costs credits), with optional subtitles.
    #[wasm_bindgen(js_name = createVideoByTts, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_video_by_tts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateVideoByTtsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateVideoByTts::from_js(&params))
    }

    /// Speech from text (costs credits): `{voice, text, title?}`. Read it with `getVideoTask`.
    #[wasm_bindgen(js_name = createAudioByTts, unchecked_return_type = "Promise<TaskCreated>")]
    pub fn create_audio_by_tts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateAudioByTtsParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, CreateAudioByTts::from_js(&params))
    }

    /// The state of a work (video or audio); `video_url` is set when it is done.
    #[wasm_bindgen(js_name = getVideoTask, unchecked_return_type = "Promise<VideoTask>")]
    pub fn get_video_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let endpoint = id_arg(&task_id, "task_id").map(|task_id| GetVideoTask { task_id });
        self.run(options, endpoint)
    }

    /// A signed URL to upload one file to: `{upload_url, content_type, file_id}`.
    #[wasm_bindgen(js_name = createUploadUrl, unchecked_return_type = "Promise<UploadUrl>")]
    pub fn create_upload_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] file_extension: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        let endpoint = id_arg(&file_extension, "file_extension")
            .map(|file_extension| CreateUploadUrl { file_extension });
        self.run(options, endpoint)
    }

    /// The credit balance: `{left}`.
    #[wasm_bindgen(js_name = getCredit, unchecked_return_type = "Promise<Credit>")]
    pub fn get_credit(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> Promise {
        self.run(options, Ok(GetCredit))
    }

    /// Uploads a Blob, File, ArrayBuffer, Uint8Array or ReadableStream and resolves `{file_id}`.
    /// Options: `{file_extension, purpose?, onProgress?, signal?, timeoutMs?}`.
    #[wasm_bindgen(js_name = uploadFile, unchecked_return_type = "Promise<UploadResult>")]
    pub fn upload_file(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UploadData")] data: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UploadOptions")] options: JsValue,
    ) -> Promise {
        let config = self.config.clone();
        spawn(async move {
            let p = Params::new(
                &options,
                "options",
                &[
                    "file_extension",
                    "purpose",
                    "onProgress",
                    "signal",
                    "timeoutMs",
                ],
                false,
            )?;
            let ext = p.str("file_extension")?;
            let purpose = match p.opt_str("purpose")? {
                None => None,
                Some(name) => Some(UploadPurpose::from_name(&name).ok_or_else(|| {
                    Failure::invalid(
                        "purpose",
                        "must be avatar_video, avatar_image, voice_audio or video_audio",
                    )
                })?),
            };
            let on_progress = p.opt_fn("onProgress")?;
            let signal = signal_value(p.raw("signal"))?;
            // The PUT of a large file may rightly take long: only an explicit timeout bounds it.
            let put_timeout = timeout_value(p.raw("timeoutMs"), "timeoutMs")?.unwrap_or(0.0);
            // The type first, so that a wrong one costs nothing; the size once it is known.
            let ext = validate::upload(&ext, None, purpose)?;
            let mut data = data;
            match js::upload_kind(&data).as_str() {
                "" => {
                    return Err(Failure::invalid(
                        "data",
                        "must be a Blob, File, ArrayBuffer, Uint8Array or ReadableStream",
                    ))
                }
                "stream" => {
                    data = JsFuture::from(js::prepare_stream(&data))
                        .await
                        .map_err(Failure::from_js)?
                }
                _ => {}
            }
            let size = js::byte_size(&data);
            if size >= 0.0 {
                validate::upload(&ext, Some(size as u64), purpose)?;
            }
            let opts = CallOpts {
                signal: signal.clone(),
                ..CallOpts::defaults(&config)
            };
            let req = CreateUploadUrl {
                file_extension: ext,
            }
            .to_request(config.token.as_ref())?;
            let target =
                transport::send(&config, &req, &opts, transport::decode::<CreateUploadUrl>).await?;
            let field = |name: &str| js::get(&target, name).as_string().unwrap_or_default();
            let raw = JsFuture::from(js::put(
                &config.fetch,
                &field("upload_url"),
                &field("content_type"),
                &data,
                &on_progress.map_or(JsValue::UNDEFINED, JsValue::from),
                put_timeout,
                &signal,
            ))
            .await
            .map_err(Failure::from_js)?;
            let resp = transport::to_response(&raw);
            if !(200..300).contains(&resp.status) {
                let mut f = Failure::from(Error::Http {
                    status: resp.status,
                    snippet: response::snippet(&resp.body),
                    retry_after_ms: None,
                });
                f.message = format!("The upload was refused: {}", f.message);
                return Err(f);
            }
            Ok(Out::new()
                .set("file_id", field("file_id"))
                .opt("request_id", js::get(&target, "request_id").as_string())
                .done())
        })
    }

    /// Polls an avatar clone until it ends. Options: `{intervalMs?, timeoutMs?, signal?, onStatus?}`.
    #[wasm_bindgen(js_name = waitForAvatarTask, unchecked_return_type = "Promise<AvatarTask>")]
    pub fn wait_for_avatar_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<AvatarTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait(
            task_id,
            options,
            |c, task_id| GetAvatarTask { task_id }.to_request(c.token.as_ref()),
            transport::decode::<GetAvatarTask>,
        )
    }

    /// Polls a voice clone until it ends. Options as for `waitForAvatarTask`.
    #[wasm_bindgen(js_name = waitForVoiceTask, unchecked_return_type = "Promise<VoiceTask>")]
    pub fn wait_for_voice_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<VoiceTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait(
            task_id,
            options,
            |c, task_id| GetVoiceTask { task_id }.to_request(c.token.as_ref()),
            transport::decode::<GetVoiceTask>,
        )
    }

    /// Polls a work until it ends. Options as for `waitForAvatarTask`.
    #[wasm_bindgen(js_name = waitForVideoTask, unchecked_return_type = "Promise<VideoTask>")]
    pub fn wait_for_video_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions<VideoTask>")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.wait(
            task_id,
            options,
            |c, task_id| GetVideoTask { task_id }.to_request(c.token.as_ref()),
            transport::decode::<GetVideoTask>,
        )
    }

    /// Every avatar, page after page: `for await (const a of client.avatars({kind, size}))`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<AvatarItem>")]
    pub fn avatars(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        self.iterate(
            params,
            |c, page| ListAvatars { page }.to_request(c.token.as_ref()),
            transport::decode::<ListAvatars>,
        )
        .map_err(Failure::into_js)
    }

    /// Every voice, page after page: `for await (const v of client.voices({kind, size}))`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<VoiceItem>")]
    pub fn voices(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        self.iterate(
            params,
            |c, page| ListVoices { page }.to_request(c.token.as_ref()),
            transport::decode::<ListVoices>,
        )
        .map_err(Failure::into_js)
    }
}

impl HiflyClient {
    fn wait(
        &self,
        task_id: JsValue,
        options: Option<JsValue>,
        request: TaskRequest,
        decode: Decode,
    ) -> Promise {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        spawn(wait_for(
            self.config.clone(),
            task_id,
            options,
            request,
            decode,
        ))
    }

    fn iterate(
        &self,
        params: JsValue,
        request: PageRequest,
        decode: Decode,
    ) -> Result<JsValue, Failure> {
        let p = Params::new(
            &params,
            "params",
            &["kind", "size", "signal", "timeoutMs"],
            true,
        )?;
        // The call options travel with every page request, and are checked now.
        let call = js_sys::Object::new();
        for key in ["signal", "timeoutMs"] {
            if let Some(v) = p.raw(key) {
                js::set(&call, key, v);
            }
        }
        let call: JsValue = call.into();
        call_opts(&self.config, &call)?;
        let kind = p.opt_int("kind")?;
        let size = p.opt_int("size")?.unwrap_or(DEFAULT_PAGE_SIZE);
        let page = move |n| Page {
            page: Some(n),
            size: Some(size),
            kind,
        };
        // Checked now, so that a bad size or kind throws before iteration starts.
        request(&self.config, page(1))?;
        let config = self.config.clone();
        let fetch_page = Closure::<dyn FnMut(f64) -> Promise>::new(move |n: f64| {
            let req = request(&config, page(n as i64)).map_err(Failure::from);
            execute(config.clone(), Some(call.clone()), req, decode)
        });
        let f: Function = fetch_page.into_js_value().unchecked_into();
        Ok(js::paginate(&f, size as f64))
    }
}
