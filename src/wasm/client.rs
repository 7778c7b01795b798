//! `HiflyClient`: every endpoint as a method, plus uploads, polling and pagination.
//!
//! Each method checks its input and builds its request here, synchronously, then hands the
//! waiting to `js/runtime.js`, which calls back into [`Engine`] to decode the answer.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::convert::{id_arg, Out, Params};
use super::engine::{
    call_opts, rejected, request_js, signal_value, timeout_value, Config, Engine, Op,
};
use super::error::Failure;
use super::js;
use super::params::FromJs;
use crate::core::validate::{self, UploadPurpose};
use crate::core::*;

/// Each attempt of a request gives up after this long unless told otherwise.
const DEFAULT_TIMEOUT_MS: f64 = 60_000.0;
/// Retry-safe requests are resent at most this many times unless told otherwise.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The first poll of a task waits this long; later ones back off.
const DEFAULT_POLL_MS: f64 = 2_000.0;
/// The API's default page size, used by the iterators unless told otherwise.
const DEFAULT_PAGE_SIZE: i64 = 20;

/// A client of the HiFly API V2.
#[wasm_bindgen]
pub struct HiflyClient {
    config: Rc<Config>,
    /// `{engine, fetch, timeoutMs, maxRetries}` for `js/runtime.js`.
    state: JsValue,
}

impl HiflyClient {
    /// Builds `endpoint`'s request now and sends it in the returned promise; bad input rejects
    /// the promise rather than throwing.
    fn run<E: Op>(&self, options: Option<JsValue>, endpoint: Result<E, Failure>) -> Promise {
        let ready = endpoint.and_then(|e| {
            let opts = call_opts(&options.unwrap_or(JsValue::UNDEFINED))?;
            Ok((request_js(&e, &self.config)?, opts))
        });
        match ready {
            Ok((req, opts)) => js::call(&self.state, &req, &opts),
            Err(f) => rejected(f),
        }
    }

    /// Polls a task until it ends: resolves at status 3, rejects with `task_failed` at status 4,
    /// and with `timeout` or `aborted` (carrying the task id, to resume later) when told to stop.
    fn wait<E: Op>(
        &self,
        task_id: JsValue,
        options: Option<JsValue>,
        task: fn(String) -> E,
    ) -> Promise {
        let ready = (|| {
            let task_id = id_arg(&task_id, "task_id")?;
            let req = request_js(&task(task_id.clone()), &self.config)?;
            let p = Params::new(
                &options.unwrap_or(JsValue::UNDEFINED),
                "options",
                &["intervalMs", "timeoutMs", "signal", "onStatus"],
                true,
            )?;
            let interval = match timeout_value(p.raw("intervalMs"), "intervalMs")? {
                Some(ms) if ms < 1.0 => {
                    return Err(Failure::invalid("intervalMs", "must be at least 1"))
                }
                Some(ms) => ms,
                None => DEFAULT_POLL_MS,
            };
            let overall = timeout_value(p.raw("timeoutMs"), "timeoutMs")?.unwrap_or(0.0);
            let signal = signal_value(p.raw("signal"))?;
            let on_status = p
                .opt_fn("onStatus")?
                .map_or(JsValue::UNDEFINED, JsValue::from);
            Ok((task_id, req, interval, overall, signal, on_status))
        })();
        match ready {
            Ok((task_id, req, interval, overall, signal, on_status)) => js::wait_for(
                &self.state,
                &req,
                &task_id,
                interval,
                overall,
                &signal,
                &on_status,
            ),
            Err(f) => rejected(f),
        }
    }

    fn iterate(&self, params: Option<JsValue>, avatars: bool) -> Result<JsValue, Failure> {
        let p = Params::new(
            &params.unwrap_or(JsValue::UNDEFINED),
            "params",
            &["kind", "size", "signal", "timeoutMs"],
            true,
        )?;
        // The call options travel with every page request, and are checked now.
        let call = Out::new()
            .opt("signal", p.raw("signal"))
            .opt("timeoutMs", p.raw("timeoutMs"))
            .done();
        let opts = call_opts(&call)?;
        let kind = p.opt_int("kind")?;
        let size = p.opt_int("size")?.unwrap_or(DEFAULT_PAGE_SIZE);
        // Checked now, so that a bad size or kind throws before iteration starts.
        let page = Page {
            page: Some(1),
            size: Some(size),
            kind,
        };
        page.validate()?;
        Ok(js::paginate(
            &self.state,
            avatars,
            size as f64,
            &kind.map_or(JsValue::UNDEFINED, |k| JsValue::from(k as f64)),
            &opts,
        ))
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
        let timeout_ms =
            timeout_value(p.raw("timeoutMs"), "timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
        let config = Rc::new(Config {
            token,
            base_url: base_url.trim_end_matches('/').to_string(),
        });
        let state = Out::new()
            .set("engine", Engine::new(config.clone()))
            .set("fetch", fetch)
            .set("timeoutMs", timeout_ms)
            .set("maxRetries", max_retries)
            .done();
        Ok(HiflyClient { config, state })
    }
}

#[wasm_bindgen]
impl HiflyClient {
    /// `new HiflyClient({token?, baseUrl?, timeoutMs?, maxRetries?, fetch?})`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<HiflyClient, JsValue> {
        Self::from_options(&options.unwrap_or(JsValue::UNDEFINED)).map_err(Failure::into_js)
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
        match self.upload_ready(data, options) {
            Ok((req, data, ext, purpose, on_progress, signal, put_timeout)) => js::upload(
                &self.state,
                &req,
                &data,
                &ext,
                &purpose,
                &on_progress,
                &signal,
                put_timeout,
            ),
            Err(f) => rejected(f),
        }
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
        self.wait(task_id, options, |task_id| GetAvatarTask { task_id })
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
        self.wait(task_id, options, |task_id| GetVoiceTask { task_id })
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
        self.wait(task_id, options, |task_id| GetVideoTask { task_id })
    }

    /// Every avatar, page after page: `for await (const a of client.avatars({kind, size}))`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<AvatarItem>")]
    pub fn avatars(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.iterate(params, true).map_err(Failure::into_js)
    }

    /// Every voice, page after page: `for await (const v of client.voices({kind, size}))`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<VoiceItem>")]
    pub fn voices(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        self.iterate(params, false).map_err(Failure::into_js)
    }
}

impl HiflyClient {
    /// Reads `uploadFile`'s options and data, checks the type (and the size, when known), and
    /// builds the upload-URL request.
    #[allow(clippy::type_complexity)]
    fn upload_ready(
        &self,
        data: JsValue,
        options: JsValue,
    ) -> Result<(JsValue, JsValue, String, JsValue, JsValue, JsValue, f64), Failure> {
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
        let on_progress = p
            .opt_fn("onProgress")?
            .map_or(JsValue::UNDEFINED, JsValue::from);
        let signal = signal_value(p.raw("signal"))?;
        // The PUT of a large file may rightly take long: only an explicit timeout bounds it.
        let put_timeout = timeout_value(p.raw("timeoutMs"), "timeoutMs")?.unwrap_or(0.0);
        // The type first, so that a wrong one costs nothing; the size once it is known.
        let ext = validate::upload(&ext, None, purpose)?;
        if js::upload_kind(&data).is_empty() {
            return Err(Failure::invalid(
                "data",
                "must be a Blob, File, ArrayBuffer, Uint8Array or ReadableStream",
            ));
        }
        let size = js::byte_size(&data);
        if size >= 0.0 {
            validate::upload(&ext, Some(size as u64), purpose)?;
        }
        let req = request_js(
            &CreateUploadUrl {
                file_extension: ext.clone(),
            },
            &self.config,
        )?;
        let purpose = purpose.map_or(JsValue::UNDEFINED, |p| p.name().into());
        Ok((req, data, ext, purpose, on_progress, signal, put_timeout))
    }
}
