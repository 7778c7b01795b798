//! The JS client against the simulator, over real HTTP on loopback. Shared by `tests/node.rs`
//! and `tests/browser.rs`, so each test runs in Node and in headless Chromium.
//!
//! The simulator is started by `make test-wasm` at `HIFLY_SIM_URL` with fast tasks. Tests run one
//! at a time, and each that counts requests resets the simulator first.

mod hardening;
mod rust_api;

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
#[allow(unused_imports)]
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

pub const SIM: &str = match option_env!("HIFLY_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8719",
};
const TOKEN: &str = "sim-token";

// The package's public API is the crate's own `#[wasm_bindgen]` exports, as the entry files
// re-export them.
fn api(name: &str) -> JsValue {
    match name {
        "HiflyError" => hifly_sdk::js::hifly_error_class(),
        "HiflyClient" => {
            let instance: JsValue = hifly_sdk::HiflyClient::new(Default::default())
                .unwrap()
                .into();
            Reflect::get(&instance, &"constructor".into()).unwrap()
        }
        other => panic!("no export {other}"),
    }
}

fn hifly_error_class() -> JsValue {
    api("HiflyError")
}

fn parse_callback(body: JsValue) -> Result<JsValue, JsValue> {
    hifly_sdk::js::parse_callback(body)
}

fn verify_callback(request: JsValue, options: JsValue) -> Promise {
    hifly_sdk::js::verify_callback(request, options)
}

#[wasm_bindgen]
extern "C" {
    /// The package's `HiflyClient`.
    pub type HiflyClient;
    #[wasm_bindgen(method, js_name = createAvatarByVideo)]
    fn create_avatar_by_video(
        this: &HiflyClient,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = createAvatarByImage)]
    fn create_avatar_by_image(
        this: &HiflyClient,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = getAvatarTask)]
    fn get_avatar_task(this: &HiflyClient, task_id: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = listAvatars)]
    fn list_avatars(
        this: &HiflyClient,
        params: Option<JsValue>,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = createVoice)]
    fn create_voice(this: &HiflyClient, params: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = editVoice)]
    fn edit_voice(this: &HiflyClient, params: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = listVoices)]
    fn list_voices(
        this: &HiflyClient,
        params: Option<JsValue>,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = getVoiceTask)]
    fn get_voice_task(this: &HiflyClient, task_id: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = createVideoByAudio)]
    fn create_video_by_audio(
        this: &HiflyClient,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = createVideoByTts)]
    fn create_video_by_tts(
        this: &HiflyClient,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = createAudioByTts)]
    fn create_audio_by_tts(
        this: &HiflyClient,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = getVideoTask)]
    fn get_video_task(this: &HiflyClient, task_id: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = createUploadUrl)]
    fn create_upload_url(this: &HiflyClient, ext: JsValue, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = getCredit)]
    fn get_credit(this: &HiflyClient, options: Option<JsValue>) -> Promise;
    #[wasm_bindgen(method, js_name = uploadFile)]
    fn upload_file(this: &HiflyClient, data: JsValue, options: JsValue) -> Promise;
    #[wasm_bindgen(method, js_name = waitForAvatarTask)]
    fn wait_for_avatar_task(
        this: &HiflyClient,
        task_id: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = waitForVoiceTask)]
    fn wait_for_voice_task(
        this: &HiflyClient,
        task_id: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = waitForVideoTask)]
    fn wait_for_video_task(
        this: &HiflyClient,
        task_id: JsValue,
        options: Option<JsValue>,
    ) -> Promise;
    #[wasm_bindgen(method, catch)]
    fn avatars(this: &HiflyClient, params: Option<JsValue>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn voices(this: &HiflyClient, params: Option<JsValue>) -> Result<JsValue, JsValue>;
}

impl HiflyClient {
    fn new(options: Option<JsValue>) -> Result<HiflyClient, JsValue> {
        let class: Function = api("HiflyClient").unchecked_into();
        Reflect::construct(&class, &Array::of1(&options.unwrap_or(JsValue::UNDEFINED)))
            .map(JsCast::unchecked_into)
    }
}

#[wasm_bindgen(module = "/tests/client/support.js")]
extern "C" {
    fn control(base: &str, method: &str, path: &str, body: JsValue) -> Promise;
    #[wasm_bindgen(js_name = isHiflyError)]
    fn is_hifly_error(value: &JsValue, cls: &JsValue) -> bool;
    #[wasm_bindgen(js_name = bytesOf)]
    fn bytes_of(n: u32) -> JsValue;
    #[wasm_bindgen(js_name = blobOf)]
    fn blob_of(n: u32) -> JsValue;
    #[wasm_bindgen(js_name = fileOf)]
    fn file_of(n: u32, name: &str) -> JsValue;
    #[wasm_bindgen(js_name = streamOf)]
    fn stream_of(n: u32, chunk: u32) -> JsValue;
    #[wasm_bindgen(js_name = slowStream)]
    fn slow_stream(chunks: u32, size: u32, delay_ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = stuckStream)]
    fn stuck_stream() -> JsValue;
    #[wasm_bindgen(js_name = reasonRecordingFetch)]
    fn reason_recording_fetch() -> JsValue;
    #[wasm_bindgen(js_name = hangingFetch)]
    fn hanging_fetch(at_text: bool) -> JsValue;
    fn recorder() -> JsValue;
    #[wasm_bindgen(js_name = countingFetch)]
    fn counting_fetch() -> JsValue;
    #[wasm_bindgen(js_name = abortAfter)]
    fn abort_after(ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = abortAfterWithReason)]
    fn abort_after_with_reason(ms: u32, reason: &str) -> JsValue;
    #[wasm_bindgen(js_name = stringRejectingFetch)]
    fn string_rejecting_fetch() -> JsValue;
    #[wasm_bindgen(js_name = abortedSignal)]
    fn aborted_signal() -> JsValue;
    fn collect(iterator: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = callbackRequest)]
    fn callback_request(path: &str, method: &str, body: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = polyfillRequest)]
    fn polyfill_request(path: &str, body: &str, kind: &str) -> JsValue;
    #[wasm_bindgen(js_name = throwingCallback)]
    fn throwing_callback() -> JsValue;
}

// ---------------------------------------------------------------- helpers

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or_else(|_| panic!("bad JSON in a test: {text}"))
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

fn s(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {}", show(v)))
}

fn n(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number in {}", show(v)))
}

fn show(v: &JsValue) -> String {
    JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{v:?}"))
}

fn new_client(options: JsValue) -> Result<HiflyClient, JsValue> {
    HiflyClient::new(Some(options))
}

/// The options of a client of the simulator, with `extra` JSON fields.
fn sim_options(extra: &str) -> JsValue {
    json(&format!(
        r#"{{"token":"{TOKEN}","baseUrl":"{SIM}"{}{extra}}}"#,
        if extra.is_empty() { "" } else { "," }
    ))
}

fn client_with(extra: &str) -> HiflyClient {
    new_client(sim_options(extra)).unwrap_or_else(|e| panic!("client: {}", show(&e)))
}

/// A client of the simulator whose requests go through `fetch`.
fn client_with_fetch(fetch: &JsValue, extra: &str) -> HiflyClient {
    let opts = sim_options(extra);
    js_sys::Reflect::set(&opts, &"fetch".into(), fetch).unwrap();
    new_client(opts).unwrap_or_else(|e| panic!("client: {}", show(&e)))
}

fn client() -> HiflyClient {
    client_with("")
}

async fn ok(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!(
            "expected success, got {}: {}",
            show(&e),
            get(&e, "message").as_string().unwrap_or_default()
        ),
    }
}

/// Awaits a rejection and checks it is a `HiflyError` (an `Error` subclass) of `kind`.
async fn fails(p: Promise, kind: &str) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a {kind} error, got {}", show(&v)),
        Err(e) => {
            assert_error(&e, kind);
            e
        }
    }
}

fn assert_error(e: &JsValue, kind: &str) {
    assert!(
        is_hifly_error(e, &hifly_error_class()),
        "not a HiflyError: {}",
        show(e)
    );
    assert_eq!(
        s(e, "kind"),
        kind,
        "message: {}",
        get(e, "message").as_string().unwrap_or_default()
    );
    assert!(!s(e, "message").contains(TOKEN), "token in a message");
}

async fn sim(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let body = body.map_or(JsValue::UNDEFINED, json);
    JsFuture::from(control(SIM, method, path, body))
        .await
        .expect("simulator control")
}

async fn reset() {
    sim("POST", "/__sim/reset", None).await;
    sim("POST", "/__sim/config", Some(r#"{"task_ms":300}"#)).await;
}

/// Whether the simulator speaks its loose dialect (`SIM_DIALECT=loose`: extra fields, nulls, no
/// `message` or `request_id`, numeric ids). `make test` runs the Node suite against both.
async fn loose() -> bool {
    let config = sim("GET", "/__sim/config", None).await;
    get(&config, "dialect").as_string().as_deref() == Some("loose")
}

/// The answer's `request_id`: there in the strict dialect, absent (not empty) in the loose one.
async fn check_request_id(v: &JsValue, key: &str) {
    if loose().await {
        assert!(get(v, key).is_undefined(), "{key} in {}", show(v));
    } else {
        assert!(!s(v, key).is_empty());
    }
}

/// The requests the simulator saw whose path starts with `prefix`, without CORS preflights
/// (which only browsers send).
async fn seen(prefix: &str) -> Array {
    let log = sim("GET", &format!("/__sim/requests?path={prefix}*"), None).await;
    let entries = if Array::is_array(&log) {
        log
    } else {
        get(&log, "requests")
    };
    Array::from(&entries)
        .iter()
        .filter(|r| s(r, "method") != "OPTIONS")
        .collect()
}

async fn fault(spec: &str) {
    sim("POST", "/__sim/faults", Some(spec)).await;
}

async fn public_avatar_and_voice(c: &HiflyClient) -> (String, String) {
    let avatars = ok(c.list_avatars(Some(json(r#"{"kind":2}"#)), None)).await;
    let voices = ok(c.list_voices(Some(json(r#"{"kind":2}"#)), None)).await;
    let first = |list: &JsValue, key: &str| s(&Array::from(&get(list, "data")).get(0), key);
    (first(&avatars, "avatar"), first(&voices, "voice"))
}

const U: JsValue = JsValue::UNDEFINED;

// ---------------------------------------------------------------- happy paths

#[wasm_bindgen_test]
async fn credit_and_lists() {
    reset().await;
    let c = client();
    let credit = ok(c.get_credit(None)).await;
    assert_eq!(n(&credit, "left"), 1000.0);
    check_request_id(&credit, "request_id").await;

    let avatars = ok(c.list_avatars(Some(json(r#"{"page":1,"size":2,"kind":2}"#)), None)).await;
    let data = Array::from(&get(&avatars, "data"));
    assert_eq!(data.length(), 2);
    assert_eq!(n(&data.get(0), "kind"), 2.0);
    assert!(!s(&data.get(0), "title").is_empty());

    let voices = ok(c.list_voices(Some(json(r#"{"kind":2,"size":3}"#)), None)).await;
    let v = Array::from(&get(&voices, "data")).get(0);
    assert_eq!(n(&v, "type"), 10.0);
    assert_eq!(s(&v, "rate"), "1.0");
    // No params at all is the API's defaults.
    ok(c.list_avatars(None, None)).await;
}

#[wasm_bindgen_test]
async fn text_to_video_through_polling() {
    reset().await;
    let c = client();
    let (avatar, voice) = public_avatar_and_voice(&c).await;
    let params = format!(
        r##"{{"avatar":"{avatar}","voice":"{voice}","text":"你好，世界","title":"测试",
        "st_show":true,"st_font_size":80,"st_primary_color":"#ffffff","st_outline_color":"#000000",
        "st_width":600,"st_height":100,"st_pos_x":60,"st_pos_y":900}}"##
    );
    let job = ok(c.create_video_by_tts(json(&params), None)).await;
    let task_id = s(&job, "task_id");
    let statuses = recorder();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"intervalMs".into(), &50.into()).unwrap();
    js_sys::Reflect::set(&opts, &"onStatus".into(), &statuses).unwrap();
    let done = ok(c.wait_for_video_task(task_id.clone().into(), Some(opts.into()))).await;
    assert_eq!(n(&done, "status"), 3.0);
    assert!(s(&done, "video_url").starts_with(SIM), "{}", show(&done));
    assert_eq!(n(&done, "duration"), 2.0);
    let events = Array::from(&get(&statuses, "events"));
    assert!(events.length() >= 2, "polled {} times", events.length());
    assert_eq!(n(&events.get(events.length() - 1), "status"), 3.0);

    // What the simulator received: the subtitle options, as the wire wants them.
    let posts = seen("/api/v2/hifly/video/create_by_tts").await;
    assert_eq!(posts.length(), 1);
    let body = get(&posts.get(0), "body");
    assert_eq!(n(&body, "st_show"), 1.0);
    assert_eq!(s(&body, "st_primary_color"), "#ffffff");

    let task = ok(c.get_video_task(task_id.clone().into(), None)).await;
    assert_eq!(n(&task, "status"), 3.0);
    // The query is exactly the task id: nothing appended (gloo-net appends `&` to a URL that
    // already has a query, so the query goes through its own builder).
    let queries = seen("/api/v2/hifly/video/task").await;
    let last = queries.get(queries.length() - 1);
    assert_eq!(s(&last, "search"), format!("?task_id={task_id}"));
}

#[wasm_bindgen_test]
async fn audio_by_tts_and_video_by_audio() {
    reset().await;
    let c = client();
    let (avatar, voice) = public_avatar_and_voice(&c).await;
    let audio = ok(c.create_audio_by_tts(
        json(&format!(r#"{{"voice":"{voice}","text":"一二三"}}"#)),
        None,
    ))
    .await;
    let done =
        ok(c.wait_for_video_task(get(&audio, "task_id"), Some(json(r#"{"intervalMs":50}"#)))).await;
    let audio_url = s(&done, "video_url");
    let video = ok(c.create_video_by_audio(
        json(&format!(
            r#"{{"avatar":"{avatar}","audio_url":"https://example.com/a.mp3","title":"配音"}}"#
        )),
        None,
    ))
    .await;
    assert!(!s(&video, "task_id").is_empty());
    assert!(audio_url.starts_with("http"));
    // Two credit-costing works were charged.
    let credit = ok(c.get_credit(None)).await;
    assert!(n(&credit, "left") < 1000.0);
}

#[wasm_bindgen_test]
async fn avatar_clones_from_video_and_image() {
    reset().await;
    let c = client();
    let by_video = ok(c.create_avatar_by_video(
        json(r#"{"title":"我的数字人","video_url":"https://example.com/me.mp4"}"#),
        None,
    ))
    .await;
    let done = ok(c.wait_for_avatar_task(
        get(&by_video, "task_id"),
        Some(json(r#"{"intervalMs":50}"#)),
    ))
    .await;
    let avatar = s(&done, "avatar");
    let task = ok(c.get_avatar_task(get(&by_video, "task_id"), None)).await;
    assert_eq!(s(&task, "avatar"), avatar);
    // A finished clone appears in the owner's list.
    let own = ok(c.list_avatars(Some(json(r#"{"kind":1}"#)), None)).await;
    let ids: Vec<String> = Array::from(&get(&own, "data"))
        .iter()
        .map(|a| s(&a, "avatar"))
        .collect();
    assert!(ids.contains(&avatar), "{ids:?}");

    let by_image = ok(c.create_avatar_by_image(
        json(r#"{"image_url":"https://example.com/me.png","model":1}"#),
        None,
    ))
    .await;
    ok(c.wait_for_avatar_task(
        get(&by_image, "task_id"),
        Some(json(r#"{"intervalMs":50}"#)),
    ))
    .await;
}

#[wasm_bindgen_test]
async fn voice_clone_edit_and_list() {
    reset().await;
    let c = client();
    let job = ok(c.create_voice(
        json(r#"{"title":"我的声音","audio_url":"https://example.com/me.mp3"}"#),
        None,
    ))
    .await;
    let done =
        ok(c.wait_for_voice_task(get(&job, "task_id"), Some(json(r#"{"intervalMs":50}"#)))).await;
    let voice = s(&done, "voice");
    assert!(s(&done, "demo_url").starts_with("http"));
    let task = ok(c.get_voice_task(get(&job, "task_id"), None)).await;
    assert_eq!(s(&task, "voice"), voice);

    ok(c.edit_voice(
        json(&format!(
            r#"{{"voice":"{voice}","rate":1.2,"volume":"0.8","pitch":2}}"#
        )),
        None,
    ))
    .await;
    let posts = seen("/api/v2/hifly/voice/edit").await;
    let body = get(&posts.get(0), "body");
    // Sent as the decimal strings the wire wants, whatever the caller passed.
    assert_eq!(
        (s(&body, "rate"), s(&body, "volume"), s(&body, "pitch")),
        ("1.2".into(), "0.8".into(), "2.0".into())
    );
    let own = ok(c.list_voices(Some(json(r#"{"kind":1}"#)), None)).await;
    let mine = Array::from(&get(&own, "data"))
        .iter()
        .find(|v| s(v, "voice") == voice)
        .expect("the clone is listed");
    assert_eq!(s(&mine, "rate"), "1.2");
    assert_eq!(s(&mine, "pitch"), "2.0");
}

#[wasm_bindgen_test]
async fn iterators_walk_every_page_and_stop_at_a_short_one() {
    reset().await;
    let c = client();
    let all = ok(c.list_voices(Some(json(r#"{"kind":2,"size":100}"#)), None)).await;
    let total = Array::from(&get(&all, "data")).length();
    assert!(
        total > 5,
        "need several pages of public voices, got {total}"
    );
    let it = c.voices(Some(json(r#"{"kind":2,"size":5}"#))).unwrap();
    let items = Array::from(&ok(collect(&it)).await);
    assert_eq!(items.length(), total);
    let pages = seen("/api/v2/hifly/voice/list").await.length() - 1;
    // ceil(total / 5) pages, plus one empty page when total is a multiple of 5.
    assert_eq!(pages, total / 5 + 1, "{pages} pages for {total} voices");

    let avatars = Array::from(&ok(collect(&c.avatars(Some(json(r#"{"size":3}"#))).unwrap())).await);
    assert!(avatars.length() > 3);
    assert!(!s(&avatars.get(0), "avatar").is_empty());

    // The call options reach every page: an aborted signal stops the walk at once.
    let params = json(r#"{"kind":2,"size":5}"#);
    js_sys::Reflect::set(&params, &"signal".into(), &aborted_signal()).unwrap();
    let e = JsFuture::from(collect(&c.voices(Some(params)).unwrap()))
        .await
        .unwrap_err();
    assert_error(&e, "aborted");
}

#[wasm_bindgen_test]
async fn create_upload_url_then_put_by_hand_is_not_needed_but_works() {
    reset().await;
    let c = client();
    let target = ok(c.create_upload_url("MP4".into(), None)).await;
    assert_eq!(s(&target, "content_type"), "video/mp4");
    assert!(s(&target, "upload_url").contains("Signature="));
    assert!(!s(&target, "file_id").is_empty());
}

// ---------------------------------------------------------------- uploads

async fn check_upload(c: &HiflyClient, data: JsValue, ext: &str, expected_bytes: f64) -> String {
    sim("DELETE", "/__sim/requests", None).await;
    let opts = json(&format!(r#"{{"file_extension":"{ext}"}}"#));
    let up = ok(c.upload_file(data, opts)).await;
    let file_id = s(&up, "file_id");
    let puts = seen("/upload/").await;
    let puts: Vec<JsValue> = puts.iter().filter(|r| s(r, "method") == "PUT").collect();
    assert_eq!(puts.len(), 1, "one PUT");
    let put = &puts[0];
    assert_eq!(n(put, "status"), 200.0);
    assert_eq!(get(put, "has_authorization").as_bool(), Some(false));
    // The signed URL is sent as the API gave it: its query unchanged, nothing appended.
    let search = s(put, "search");
    assert!(
        search.contains("Signature=") && !search.ends_with('&'),
        "{search}"
    );
    assert_eq!(n(put, "bytes"), expected_bytes);
    let content_type = match ext {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        _ => "video/mp4",
    };
    assert_eq!(s(put, "content_type"), content_type);
    file_id
}

#[wasm_bindgen_test]
async fn uploads_every_input_type_without_the_token() {
    reset().await;
    let c = client();
    check_upload(&c, blob_of(3000), "mp3", 3000.0).await;
    check_upload(&c, file_of(2048, "me.mp3"), "mp3", 2048.0).await;
    check_upload(&c, bytes_of(1234), "wav", 1234.0).await;
    let buffer = get(&bytes_of(777), "buffer");
    check_upload(&c, buffer, "m4a", 777.0).await;
    let file_id = check_upload(&c, stream_of(5000, 1024), "mp3", 5000.0).await;
    // The file id works in a create call afterwards.
    let job = ok(c.create_voice(
        json(&format!(
            r#"{{"title":"上传的声音","file_id":"{file_id}"}}"#
        )),
        None,
    ))
    .await;
    assert!(!s(&job, "task_id").is_empty());
}

#[wasm_bindgen_test]
async fn upload_progress_reaches_the_total() {
    reset().await;
    let c = client();
    let progress = recorder();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"file_extension".into(), &"mp4".into()).unwrap();
    js_sys::Reflect::set(&opts, &"onProgress".into(), &progress).unwrap();
    let size = 3 * 1024 * 1024;
    ok(c.upload_file(blob_of(size), opts.into())).await;
    // XHR (browsers) reports as the bytes go; fetch (Node, Workers) can only say "started" and
    // "done". Either way: 0 first, the total last, never backwards, the total always known.
    let loaded: Vec<f64> = Array::from(&get(&progress, "events"))
        .iter()
        .map(|e| {
            assert_eq!(n(&e, "total"), size as f64);
            n(&e, "loaded")
        })
        .collect();
    assert!(loaded.len() >= 2, "{loaded:?}");
    assert_eq!(loaded[0], 0.0);
    assert_eq!(*loaded.last().unwrap(), size as f64);
    assert!(loaded.windows(2).all(|w| w[0] <= w[1]), "{loaded:?}");

    // A stream's size is unknown until it is read: no report says a total of 0 (a division by
    // zero for a progress bar), and the last one says what was sent.
    let progress = recorder();
    let opts = json(r#"{"file_extension":"mp3"}"#);
    js_sys::Reflect::set(&opts, &"onProgress".into(), &progress).unwrap();
    ok(c.upload_file(stream_of(5000, 1000), opts)).await;
    let events = Array::from(&get(&progress, "events"));
    assert!(events.length() >= 1);
    for e in events.iter() {
        assert_eq!(n(&e, "total"), 5000.0, "{}", show(&e));
    }
    assert_eq!(n(&events.get(events.length() - 1), "loaded"), 5000.0);

    // With a custom fetch, onProgress does not take the PUT away from it (no XHR).
    let counting = counting_fetch();
    let cf = client_with_fetch(&counting, "");
    let opts = json(r#"{"file_extension":"mp4"}"#);
    js_sys::Reflect::set(&opts, &"onProgress".into(), &recorder()).unwrap();
    ok(cf.upload_file(blob_of(1000), opts)).await;
    assert_eq!(n(&counting, "calls"), 2.0, "the upload URL and the PUT");
}

/// The message of an upload that must end in a `timeout` error.
async fn upload_times_out(c: &HiflyClient, data: JsValue, options: &str) -> String {
    s(
        &fails(c.upload_file(data, json(options)), "timeout").await,
        "message",
    )
}

/// The wasm memory's size in bytes (it only ever grows).
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

#[wasm_bindgen_test]
async fn a_large_put_error_page_is_not_copied_into_wasm_memory() {
    reset().await;
    let c = client();
    // The storage server answers the PUT with a 64 MB error page: only its start is read into
    // wasm memory, by fetch (no onProgress) and by XHR (browsers, with onProgress).
    for progress in [false, true] {
        fault(r#"{"kind":"status","status":500,"bytes":67108864,"after":true,"method":"PUT","path":"/upload/*"}"#).await;
        let opts = json(r#"{"file_extension":"mp3"}"#);
        if progress {
            js_sys::Reflect::set(&opts, &"onProgress".into(), &recorder()).unwrap();
        }
        let before = wasm_memory_bytes();
        let e = fails(c.upload_file(blob_of(100), opts), "http").await;
        let grown = wasm_memory_bytes() - before;
        assert_eq!(n(&e, "status"), 500.0);
        assert!(
            s(&e, "message").contains("simulated HTTP 500"),
            "{}",
            s(&e, "message")
        );
        assert!(
            grown < 4_000_000.0,
            "onProgress {progress}: wasm memory grew {grown} bytes"
        );
    }
}

#[wasm_bindgen_test]
async fn a_put_that_makes_no_progress_stops_at_the_stall_timeout() {
    reset().await;
    let c = client();
    let stalled = r#"{"kind":"latency","ms":4000,"method":"PUT","path":"/upload/*"}"#;
    // fetch with a Blob (its send hidden: allowed 64 KiB/s on top), fetch with a stream (Node;
    // browsers gather it into a Blob first), and XHR (browsers, with onProgress).
    for (what, data, progress) in [
        ("a Blob", blob_of(2000), false),
        ("a stream", stream_of(2000, 500), false),
        ("a Blob with onProgress", blob_of(2000), true),
    ] {
        fault(stalled).await;
        let opts = json(r#"{"file_extension":"mp3","stallTimeoutMs":300}"#);
        if progress {
            js_sys::Reflect::set(&opts, &"onProgress".into(), &recorder()).unwrap();
        }
        let e = fails(c.upload_file(data, opts), "timeout").await;
        assert!(
            s(&e, "message").starts_with("PUT (upload): no progress for 300 ms"),
            "{what}: {}",
            s(&e, "message")
        );
    }
    // A stream that stops sending stalls too, in browsers while it is gathered into a Blob.
    let message = upload_times_out(
        &c,
        stuck_stream(),
        r#"{"file_extension":"mp3","stallTimeoutMs":300}"#,
    )
    .await;
    assert!(message.contains("no progress for 300 ms"), "{message}");
    // A slow but steady stream (a chunk every 200 ms for over a second) is progress, each chunk
    // starting the stall clock again (in browsers it is gathered into a Blob first).
    ok(c.upload_file(
        slow_stream(6, 400, 200),
        json(r#"{"file_extension":"mp3","stallTimeoutMs":450}"#),
    ))
    .await;
    // The whole PUT's timeout is told apart from a stall.
    fault(stalled).await;
    let message = upload_times_out(
        &c,
        blob_of(2000),
        r#"{"file_extension":"mp3","timeoutMs":300}"#,
    )
    .await;
    assert!(
        message.starts_with("PUT (upload): no answer within 300 ms"),
        "{message}"
    );
    // A pause shorter than the stall timeout, and no stall timeout at all, go through.
    let paused = r#"{"kind":"latency","ms":700,"method":"PUT","path":"/upload/*"}"#;
    for opts in [
        r#"{"file_extension":"mp3","stallTimeoutMs":5000}"#,
        r#"{"file_extension":"mp3","stallTimeoutMs":0}"#,
    ] {
        fault(paused).await;
        ok(c.upload_file(blob_of(2000), json(opts))).await;
    }
    let e = fails(
        c.upload_file(
            blob_of(10),
            json(r#"{"file_extension":"mp3","stallTimeoutMs":-1}"#),
        ),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "stallTimeoutMs");
    // Once the answer has come, its body has stallTimeoutMs alone: the allowance for a hidden
    // send (4 MB at 16 KiB/s: over four minutes) is spent. The answer's body is held for 20 s.
    let slow_body = r#"{"kind":"slow_body","ms":20000,"method":"PUT","path":"/upload/*"}"#;
    for (what, data) in [
        ("a Blob", blob_of(4_000_000)),
        ("a stream", stream_of(4_000_000, 65_536)),
    ] {
        fault(slow_body).await;
        let started = js_sys::Date::now();
        let message =
            upload_times_out(&c, data, r#"{"file_extension":"mp3","stallTimeoutMs":300}"#).await;
        let took = js_sys::Date::now() - started;
        assert!(
            message.contains("no progress for 300 ms"),
            "{what}: {message}"
        );
        assert!(took < 15_000.0, "{what}: the stall came after {took} ms");
    }
    // A stream's chunks, taken by fetch faster than they leave, add up to at most 16 s of
    // hidden time beyond the last chunk's own (Node; browsers gather a stream into a Blob): a
    // 2 MB stream would otherwise be allowed two minutes. The server reads nothing for 20 s.
    if !js_sys::Reflect::has(&js_sys::global(), &"XMLHttpRequest".into()).unwrap() {
        fault(r#"{"kind":"latency","ms":20000,"method":"PUT","path":"/upload/*"}"#).await;
        let started = js_sys::Date::now();
        let message = upload_times_out(
            &c,
            stream_of(2_000_000, 16_384),
            r#"{"file_extension":"mp3","stallTimeoutMs":300}"#,
        )
        .await;
        let took = js_sys::Date::now() - started;
        assert!(message.contains("no progress for 300 ms"), "{message}");
        assert!(took < 19_500.0, "the stall came after {took} ms");
    }
    // timeoutMs bounds reading a stream and sending it together: no upload succeeds after it.
    // A 1.4 s stream and a PUT answered 1.5 s after it arrives: in Node the stream is sent as it
    // is read, so the answer comes at about 1.5 s; browsers gather it first, so the two add up
    // to about 2.9 s, over the 2.5 s allowed.
    fault(r#"{"kind":"latency","ms":1500,"method":"PUT","path":"/upload/*"}"#).await;
    let started = js_sys::Date::now();
    let outcome = JsFuture::from(c.upload_file(
        slow_stream(6, 400, 200),
        json(r#"{"file_extension":"mp3","timeoutMs":2500,"stallTimeoutMs":0}"#),
    ))
    .await;
    let took = js_sys::Date::now() - started;
    let browser = js_sys::Reflect::has(&js_sys::global(), &"XMLHttpRequest".into()).unwrap();
    match outcome {
        Ok(_) => assert!(
            !browser && took < 2500.0,
            "uploaded after {took} ms, past its 2500 ms"
        ),
        Err(e) => {
            assert_error(&e, "timeout");
            assert!(
                s(&e, "message").contains("no answer within 2500 ms"),
                "{}",
                s(&e, "message")
            );
            assert!(took < 4500.0, "the timeout came after {took} ms");
        }
    }
}

#[wasm_bindgen_test]
async fn uploads_are_checked_before_anything_is_sent() {
    reset().await;
    let c = client();
    let e = fails(
        c.upload_file(
            blob_of(10),
            json(r#"{"file_extension":"avi","purpose":"avatar_video"}"#),
        ),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "file_extension");
    let e = fails(
        c.upload_file(
            blob_of(21 * 1024 * 1024),
            json(r#"{"file_extension":"mp3","purpose":"voice_audio"}"#),
        ),
        "invalid_input",
    )
    .await;
    assert!(s(&e, "message").contains("20 MB"), "{}", s(&e, "message"));
    fails(
        c.upload_file("not data".into(), json(r#"{"file_extension":"mp3"}"#)),
        "invalid_input",
    )
    .await;
    fails(c.upload_file(blob_of(10), U), "invalid_input").await;
    assert_eq!(seen("/").await.length(), 0, "nothing reached the simulator");
    // Where the page names no formats (images), the API is the judge: the simulator, as a strict
    // server, answers 2012 for a webp.
    let e = fails(
        c.upload_file(
            blob_of(10),
            json(r#"{"file_extension":"webp","purpose":"avatar_image"}"#),
        ),
        "api",
    )
    .await;
    assert_eq!(n(&e, "code"), 2012.0);
}

// ---------------------------------------------------------------- errors

#[wasm_bindgen_test]
async fn invalid_input_is_rejected_with_no_request_sent() {
    reset().await;
    let c = client();
    let cases: &[(&str, &str)] = &[
        (r#"{"avatar":"a","voice":"v","text":""}"#, "text"),
        (r#"{"avatar":"a","voice":"v","text":"<b>hi</b>"}"#, "text"),
        (
            r#"{"avatar":"a","voice":"v","text":"hi","title":"一二三四五六七八九十一二三四五六七八九十一"}"#,
            "title",
        ),
        (
            r##"{"avatar":"a","voice":"v","text":"hi","st_primary_color":"red"}"##,
            "st_primary_color",
        ),
        (
            r#"{"avatar":"a","voice":"v","text":"hi","st_font_size":1.5}"#,
            "st_font_size",
        ),
        (
            r#"{"avatar":"a","voice":"v","text":"hi","st_show":"yes"}"#,
            "st_show",
        ),
        (r#"{"avatar":"a","voice":"v","text":5}"#, "text"),
        (r#"{"avatar":"a","voice":"v"}"#, "text"),
        (
            r#"{"avatar":"a","voice":"v","text":"hi","videoUrl":"x"}"#,
            "params",
        ),
    ];
    for (params, field) in cases {
        let e = fails(c.create_video_by_tts(json(params), None), "invalid_input").await;
        assert_eq!(s(&e, "field"), *field, "{params}");
    }
    let e = fails(
        c.create_avatar_by_video(
            json(r#"{"video_url":"https://e.com/a.mp4","file_id":"f"}"#),
            None,
        ),
        "invalid_input",
    )
    .await;
    assert!(s(&e, "message").contains("not both"));
    fails(
        c.edit_voice(json(r#"{"voice":"v","rate":3,"volume":1,"pitch":1}"#), None),
        "invalid_input",
    )
    .await;
    fails(
        c.edit_voice(
            json(r#"{"voice":"v","rate":"fast","volume":1,"pitch":1}"#),
            None,
        ),
        "invalid_input",
    )
    .await;
    fails(
        c.create_voice(json(r#"{"title":"t","voice_type":20,"file_id":"f"}"#), None),
        "invalid_input",
    )
    .await;
    fails(c.get_video_task(JsValue::from(42), None), "invalid_input").await;
    fails(c.get_video_task("".into(), None), "invalid_input").await;
    fails(c.create_video_by_tts(JsValue::NULL, None), "invalid_input").await;
    fails(c.create_video_by_tts("text".into(), None), "invalid_input").await;
    fails(
        c.get_credit(Some(json(r#"{"timeoutMs":-1}"#))),
        "invalid_input",
    )
    .await;
    fails(
        c.get_credit(Some(json(r#"{"signal":"stop"}"#))),
        "invalid_input",
    )
    .await;
    fails(
        c.wait_for_video_task("t".into(), Some(json(r#"{"intervalMs":0}"#))),
        "invalid_input",
    )
    .await;
    assert!(c.voices(Some(json(r#"{"kind":3}"#))).is_err());
    assert_eq!(
        seen("/api/").await.length(),
        0,
        "no request reached the simulator"
    );
    // The page gives `page` only its default: 0 is sent, and the API judges it (the simulator
    // refuses it with code 11).
    let e = fails(c.list_voices(Some(json(r#"{"page":0}"#)), None), "api").await;
    assert_eq!(n(&e, "code"), 11.0);
}

#[wasm_bindgen_test]
fn bad_client_options_throw_typed_errors() {
    for opts in [
        r#"{"token":"has space"}"#,
        r#"{"baseUrl":"localhost:8710"}"#,
        r#"{"baseUrl":"http://x/?a=1"}"#,
        r#"{"maxRetries":11}"#,
        r#"{"maxRetries":-1}"#,
        r#"{"timeoutMs":"soon"}"#,
        r#"{"fetch":"no"}"#,
        r#"{"tokn":"typo"}"#,
    ] {
        let e = new_client(json(opts))
            .err()
            .unwrap_or_else(|| panic!("{opts} accepted"));
        assert_error(&e, "invalid_input");
    }
    let e = new_client(json(r#"{"token":"secret value"}"#))
        .err()
        .unwrap();
    assert!(!s(&e, "message").contains("secret"));
    assert!(HiflyClient::new(None).is_ok());
}

#[wasm_bindgen_test]
async fn api_errors_carry_code_name_and_request_id() {
    reset().await;
    sim("POST", "/__sim/config", Some(r#"{"credits":0}"#)).await;
    let c = client();
    let (avatar, voice) = public_avatar_and_voice(&c).await;
    let e = fails(
        c.create_video_by_tts(
            json(&format!(
                r#"{{"avatar":"{avatar}","voice":"{voice}","text":"hi"}}"#
            )),
            None,
        ),
        "api",
    )
    .await;
    assert_eq!(n(&e, "code"), 1002.0);
    assert_eq!(s(&e, "codeName"), "InsufficientCredits");
    assert_eq!(n(&e, "status"), 200.0);
    check_request_id(&e, "requestId").await;
    assert!(s(&e, "message").contains("Not enough credits (1002)"));
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));

    let e = fails(c.get_video_task("no-such-task".into(), None), "api").await;
    assert_eq!(s(&e, "codeName"), "NotFound");

    fault(r#"{"kind":"code","code":1015,"path":"/api/v2/hifly/account/credit"}"#).await;
    let e = fails(c.get_credit(None), "api").await;
    assert_eq!(s(&e, "codeName"), "SubmissionLimit");
    fault(r#"{"kind":"code","code":4242,"path":"/api/v2/hifly/account/credit"}"#).await;
    let e = fails(c.get_credit(None), "api").await;
    assert_eq!(n(&e, "code"), 4242.0);
    assert_eq!(s(&e, "codeName"), "Unknown");
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_an_auth_error() {
    reset().await;
    let c = new_client(json(&format!(
        r#"{{"token":"wrong-token","baseUrl":"{SIM}"}}"#
    )))
    .unwrap();
    let e = fails(c.get_credit(None), "auth").await;
    assert_eq!(n(&e, "status"), 401.0);
    assert!(!s(&e, "message").contains("wrong-token"));
    // Without a token (a proxy would add it), the simulator refuses too.
    let anon = new_client(json(&format!(r#"{{"baseUrl":"{SIM}"}}"#))).unwrap();
    fails(anon.get_credit(None), "auth").await;
    let log = seen("/api/v2/hifly/account/credit").await;
    assert_eq!(s(&log.get(0), "auth"), "invalid");
    assert_eq!(s(&log.get(1), "auth"), "none");
}

#[wasm_bindgen_test]
async fn html_and_truncated_answers_are_http_and_decode_errors() {
    reset().await;
    let c = client_with(r#""maxRetries":0"#);
    fault(r#"{"kind":"html502","path":"/api/v2/hifly/account/credit"}"#).await;
    let e = fails(c.get_credit(None), "http").await;
    assert_eq!(n(&e, "status"), 502.0);
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));
    assert!(s(&e, "message").contains("<html"), "{}", s(&e, "message"));

    fault(r#"{"kind":"truncate","path":"/api/v2/hifly/account/credit"}"#).await;
    let e = fails(c.get_credit(None), "decode").await;
    assert_eq!(n(&e, "status"), 200.0);
    assert!(
        s(&e, "message").contains("invalid JSON"),
        "{}",
        s(&e, "message")
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    let c = new_client(json(
        r#"{"token":"t","baseUrl":"http://127.0.0.1:8718","maxRetries":0}"#,
    ))
    .unwrap();
    let e = fails(c.get_credit(None), "network").await;
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));
    // The message says which call failed. (Port 8718 is an ordinary closed port, unlike the
    // "bad ports" such as 9 that fetch refuses without trying to connect.)
    let message = s(&e, "message");
    assert!(
        message.starts_with("GET /api/v2/hifly/account/credit: "),
        "{message}"
    );
    assert!(!message.contains("bad port"), "{message}");
}

#[wasm_bindgen_test]
async fn timeouts_and_aborts() {
    reset().await;
    let c = client_with(r#""maxRetries":0"#);
    fault(r#"{"kind":"latency","ms":1500,"path":"/api/v2/hifly/account/credit"}"#).await;
    let e = fails(c.get_credit(Some(json(r#"{"timeoutMs":100}"#))), "timeout").await;
    assert!(s(&e, "message").contains("100 ms"));
    assert!(s(&e, "message").starts_with("GET /api/v2/hifly/account/credit: "));

    fault(r#"{"kind":"latency","ms":1500,"path":"/api/v2/hifly/account/credit"}"#).await;
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &abort_after(100)).unwrap();
    fails(c.get_credit(Some(opts.into())), "aborted").await;

    // A custom fetch sees why its signal aborted: an Error named as the platform names its own
    // timeouts and aborts, never a bare string or the abort event.
    for name in ["TimeoutError", "AbortError"] {
        // Made here, not ahead: the caller's signal aborts 100 ms from now.
        let opts = if name == "TimeoutError" {
            json(r#"{"timeoutMs":100}"#)
        } else {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"signal".into(), &abort_after(100)).unwrap();
            o.into()
        };
        let recording = reason_recording_fetch();
        let rc = client_with_fetch(&recording, r#""maxRetries":0"#);
        fault(r#"{"kind":"latency","ms":1500,"path":"/api/v2/hifly/account/credit"}"#).await;
        let _ = JsFuture::from(rc.get_credit(Some(opts))).await;
        let reason = get(&get(&recording, "signal"), "reason");
        assert!(
            reason.is_instance_of::<js_sys::Error>(),
            "{}",
            show(&reason)
        );
        assert_eq!(s(&reason, "name"), name);
    }

    // Already aborted: nothing is sent.
    sim("DELETE", "/__sim/requests", None).await;
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &aborted_signal()).unwrap();
    fails(c.get_credit(Some(opts.into())), "aborted").await;
    assert_eq!(seen("/api/").await.length(), 0);

    // An abort with a reason that is not an Error (a string, here) mid-request, and a custom
    // fetch that rejects with a string: typed errors, and the instance keeps working (gloo-net's
    // own error conversion would panic on both).
    fault(r#"{"kind":"latency","ms":1500,"path":"/api/v2/hifly/account/credit"}"#).await;
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(
        &opts,
        &"signal".into(),
        &abort_after_with_reason(100, "stop"),
    )
    .unwrap();
    fails(c.get_credit(Some(opts.into())), "aborted").await;
    let rejecting = client_with_fetch(&string_rejecting_fetch(), r#""maxRetries":0"#);
    let e = fails(rejecting.get_credit(None), "network").await;
    assert!(
        s(&e, "message").contains("no route"),
        "{}",
        s(&e, "message")
    );
    sim("DELETE", "/__sim/faults", None).await;
    assert_eq!(n(&ok(c.get_credit(None)).await, "left"), 1000.0);

    // A custom fetch that ignores its signal, never answering or never ending its body: the
    // timeout and the caller's signal still end the call.
    for at_text in [false, true] {
        let hanging = client_with_fetch(&hanging_fetch(at_text), r#""maxRetries":0"#);
        let e = fails(
            hanging.get_credit(Some(json(r#"{"timeoutMs":100}"#))),
            "timeout",
        )
        .await;
        assert!(s(&e, "message").contains("100 ms"), "{}", s(&e, "message"));
        let opts = js_sys::Object::new();
        js_sys::Reflect::set(&opts, &"signal".into(), &abort_after(100)).unwrap();
        fails(hanging.get_credit(Some(opts.into())), "aborted").await;
    }
}

#[wasm_bindgen_test]
async fn polling_stops_on_failure_timeout_and_abort_with_the_task_id() {
    reset().await;
    let c = client();
    let (avatar, voice) = public_avatar_and_voice(&c).await;
    let create = |title: &str| {
        c.create_video_by_tts(
            json(&format!(
                r#"{{"avatar":"{avatar}","voice":"{voice}","text":"hi","title":"{title}"}}"#
            )),
            None,
        )
    };
    // The simulator's failure marker makes the task end with status 4.
    let job = ok(create("SIM_FAIL")).await;
    let id = s(&job, "task_id");
    let e = fails(
        c.wait_for_video_task(id.clone().into(), Some(json(r#"{"intervalMs":50}"#))),
        "task_failed",
    )
    .await;
    assert_eq!(s(&e, "taskId"), id);
    assert!(s(&e, "message").contains(&id));
    // The request id of the answer that reported the failure, as every answer's error keeps.
    check_request_id(&e, "requestId").await;

    sim("POST", "/__sim/config", Some(r#"{"task_ms":60000}"#)).await;
    let job = ok(create("slow")).await;
    let id = s(&job, "task_id");
    let e = fails(
        c.wait_for_video_task(
            id.clone().into(),
            Some(json(r#"{"intervalMs":50,"timeoutMs":300}"#)),
        ),
        "timeout",
    )
    .await;
    assert_eq!(s(&e, "taskId"), id);

    // A poll's retries keep to the wait's deadline too: a 429 that asks for 30 s is not waited
    // out past a 600 ms wait, which ends as the wait's own timeout, with the task id.
    fault(r#"{"kind":"rate_limit","retry_after":30,"count":-1,"path":"/api/v2/hifly/video/task"}"#)
        .await;
    let started = js_sys::Date::now();
    let e = fails(
        c.wait_for_video_task(
            id.clone().into(),
            Some(json(r#"{"intervalMs":50,"timeoutMs":600}"#)),
        ),
        "timeout",
    )
    .await;
    let took = js_sys::Date::now() - started;
    assert_eq!(s(&e, "taskId"), id);
    assert!(
        s(&e, "message").contains("had not finished"),
        "{}",
        s(&e, "message")
    );
    // It ran to its own deadline, and not to the 30 s the server asked for.
    assert!((500.0..5000.0).contains(&took), "the wait took {took} ms");
    sim("DELETE", "/__sim/faults", None).await;

    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"intervalMs".into(), &50.into()).unwrap();
    js_sys::Reflect::set(&opts, &"signal".into(), &abort_after(200)).unwrap();
    let e = fails(
        c.wait_for_video_task(id.clone().into(), Some(opts.into())),
        "aborted",
    )
    .await;
    assert_eq!(s(&e, "taskId"), id);

    // An onStatus that throws stops polling, and its own error comes back unchanged.
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"onStatus".into(), &throwing_callback()).unwrap();
    let e = JsFuture::from(c.wait_for_video_task(id.into(), Some(opts.into())))
        .await
        .unwrap_err();
    assert!(!is_hifly_error(&e, &hifly_error_class()));
    assert_eq!(s(&e, "message"), "boom from onStatus");
}

// ---------------------------------------------------------------- redirects

#[wasm_bindgen_test]
async fn api_requests_do_not_follow_redirects() {
    reset().await;
    let c = client();
    // To the same simulator under another name: another origin, which would get the request
    // (and, where the runtime does not strip it, the token) if the redirect were followed.
    let elsewhere = format!(
        "{}/api/v2/hifly/account/credit",
        SIM.replace("127.0.0.1", "localhost")
    );
    // Each to a URL of its own: browsers may cache a 301 or 308 (permanent) and never ask again.
    for status in [301, 302, 307, 308] {
        sim("DELETE", "/__sim/requests", None).await;
        fault(&format!(
            r#"{{"kind":"redirect","status":{status},"location":"{elsewhere}","count":-1,"path":"/api/v2/hifly/video/task"}}"#
        ))
        .await;
        let e = fails(
            c.get_video_task(format!("redirected-{status}").into(), None),
            "network",
        )
        .await;
        assert!(
            s(&e, "message").contains("do not follow"),
            "{status}: {}",
            s(&e, "message")
        );
        assert_eq!(get(&e, "retryable").as_bool(), Some(false), "{status}");
        // One request: not retried, not followed.
        assert_eq!(seen("/api/").await.length(), 1, "{status}");
        sim("DELETE", "/__sim/faults", None).await;
    }
    // A POST is not followed either.
    sim("DELETE", "/__sim/requests", None).await;
    fault(&format!(
        r#"{{"kind":"redirect","location":"{elsewhere}","path":"/api/v2/hifly/tool/create_upload_url"}}"#
    ))
    .await;
    fails(c.create_upload_url("mp4".into(), None), "network").await;
    assert_eq!(seen("/api/").await.length(), 1);
}

// ---------------------------------------------------------------- retries

#[wasm_bindgen_test]
async fn gets_are_retried_and_posts_never() {
    reset().await;
    let c = client();
    // Two 503s, then success: three GETs reached the server.
    fault(r#"{"kind":"status","status":503,"count":2,"path":"/api/v2/hifly/account/credit"}"#)
        .await;
    ok(c.get_credit(None)).await;
    assert_eq!(seen("/api/v2/hifly/account/credit").await.length(), 3);

    // A 503 whose page is over the 4 MiB an answer may be is still a 503 (retried), not a
    // `decode` error: declared by its Content-Length, and, read through a fetch that hides the
    // length, by its text.
    reset().await;
    let big_503 = r#"{"kind":"status","status":503,"bytes":5000000,"count":1,"path":"/api/v2/hifly/account/credit"}"#;
    fault(big_503).await;
    ok(c.get_credit(None)).await;
    assert_eq!(seen("/api/v2/hifly/account/credit").await.length(), 2);
    fault(&big_503.replace(r#""count":1"#, r#""count":-1"#)).await;
    let e = fails(
        client_with_fetch(&lengthless_fetch(), r#""maxRetries":1"#).get_credit(None),
        "http",
    )
    .await;
    assert_eq!(n(&e, "status"), 503.0);
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));

    // A reset connection and a 429 are retried too, honouring Retry-After.
    reset().await;
    fault(
        r#"[{"kind":"reset","count":1,"path":"/api/v2/hifly/voice/list"},
              {"kind":"rate_limit","retry_after":0,"count":1,"path":"/api/v2/hifly/voice/list"}]"#,
    )
    .await;
    ok(c.list_voices(None, None)).await;
    assert_eq!(seen("/api/v2/hifly/voice/list").await.length(), 3);

    // maxRetries bounds it: 1 + 2 attempts, then the error.
    reset().await;
    fault(r#"{"kind":"status","status":500,"count":-1,"path":"/api/v2/hifly/account/credit"}"#)
        .await;
    let e = fails(c.get_credit(None), "http").await;
    assert_eq!(n(&e, "status"), 500.0);
    assert_eq!(seen("/api/v2/hifly/account/credit").await.length(), 3);

    // A POST that may have reached the server is never resent, whatever the failure.
    for spec in [
        r#"{"kind":"status","status":503,"after":true,"path":"/api/v2/hifly/audio/create_by_tts"}"#,
        r#"{"kind":"reset","after":true,"path":"/api/v2/hifly/audio/create_by_tts"}"#,
        r#"{"kind":"rate_limit","retry_after":0,"path":"/api/v2/hifly/audio/create_by_tts"}"#,
    ] {
        reset().await;
        let (_, voice) = public_avatar_and_voice(&c).await;
        fault(spec).await;
        let p = c.create_audio_by_tts(json(&format!(r#"{{"voice":"{voice}","text":"hi"}}"#)), None);
        assert!(JsFuture::from(p).await.is_err(), "{spec}");
        assert_eq!(
            seen("/api/v2/hifly/audio/create_by_tts").await.length(),
            1,
            "{spec}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_custom_fetch_is_used() {
    reset().await;
    let f = counting_fetch();
    let c = new_client({
        let o = json(&format!(r#"{{"token":"{TOKEN}","baseUrl":"{SIM}/"}}"#));
        js_sys::Reflect::set(&o, &"fetch".into(), &f).unwrap();
        o
    })
    .unwrap();
    ok(c.get_credit(None)).await;
    assert_eq!(n(&f, "calls"), 1.0);
}

// ---------------------------------------------------------------- callbacks

#[wasm_bindgen_test]
fn parse_callback_accepts_strings_bytes_and_objects() {
    let text = r#"{"task_id":"1234567890123456","status":3,"video_Url":"https://v/1.mp4?token=x","type":1,"duration":45,"message":"","code":0,"title":"我的视频创作"}"#;
    let from_text = parse_callback(text.into()).unwrap();
    assert_eq!(n(&from_text, "type"), 1.0);
    assert_eq!(s(&from_text, "video_url"), "https://v/1.mp4?token=x");
    assert_eq!(n(&from_text, "duration"), 45.0);
    assert_eq!(s(&from_text, "title"), "我的视频创作");
    let bytes = js_sys::Uint8Array::from(text.as_bytes());
    assert_eq!(
        show(&parse_callback(bytes.into()).unwrap()),
        show(&from_text)
    );
    let object = json(r#"{"task_id":"1","status":3,"type":3,"voice":"v","demo_url":"https://d"}"#);
    let voice = parse_callback(object).unwrap();
    assert_eq!(
        (n(&voice, "type"), s(&voice, "voice")),
        (3.0, "v".to_string())
    );

    for bad in [
        JsValue::from("{}"),
        JsValue::from(5),
        JsValue::NULL,
        json(r#"{"task_id":"1","status":3,"type":9}"#),
    ] {
        let e = parse_callback(bad).unwrap_err();
        assert_error(&e, "invalid_callback");
    }
}

const SECRET: &str = "cb-secret-0123456789abcdef";

fn verify_opts(with_client: bool, extra: &str) -> JsValue {
    let o = json(&format!(r#"{{"secret":"{SECRET}"{extra}}}"#));
    if with_client {
        js_sys::Reflect::set(&o, &"client".into(), &JsValue::from(client())).unwrap();
    }
    o
}

async fn refused(request: JsValue, opts: JsValue, reason: &str) {
    let e = fails(verify_callback(request, opts), "invalid_callback").await;
    let got = get(&e, "reason").as_string();
    assert_eq!(got.as_deref(), Some(reason), "{}", s(&e, "message"));
}

#[wasm_bindgen_test]
async fn verify_callback_confirms_genuine_claims_and_refuses_the_rest() {
    reset().await;
    let c = client();
    let path = format!("/hifly/callback/{SECRET}");
    let job =
        ok(c.create_avatar_by_video(json(r#"{"video_url":"https://example.com/v.mp4"}"#), None))
            .await;
    let task_id = s(&job, "task_id");
    let done =
        ok(c.wait_for_avatar_task(task_id.clone().into(), Some(json(r#"{"intervalMs":50}"#))))
            .await;
    let avatar = s(&done, "avatar");
    let genuine = format!(
        r#"{{"task_id":"{task_id}","message":"","code":0,"type":2,"status":3,"avatar":"{avatar}"}}"#
    );

    let got = ok(verify_callback(
        callback_request(&path, "POST", genuine.clone().into()),
        verify_opts(true, ""),
    ))
    .await;
    assert_eq!(s(&got, "avatar"), avatar);
    assert_eq!(get(&got, "confirmed").as_bool(), Some(true));
    // Without a client it is parsed, not confirmed.
    let got = ok(verify_callback(
        callback_request(&path, "POST", genuine.clone().into()),
        verify_opts(false, ""),
    ))
    .await;
    assert_eq!(get(&got, "confirmed").as_bool(), Some(false));
    // A body that never comes does not hold the receiver forever: a timeout after 10 s, and the
    // stream is cancelled.
    let silent = polyfill_request(&path, "", "silent");
    let started = js_sys::Date::now();
    let e = fails(
        verify_callback(silent.clone(), verify_opts(false, "")),
        "timeout",
    )
    .await;
    let took = js_sys::Date::now() - started;
    assert!((9_900.0..15_000.0).contains(&took), "{took} ms");
    assert!(
        s(&e, "message").contains("10000 ms"),
        "{}",
        s(&e, "message")
    );
    assert_eq!(
        get(&get(&silent, "body"), "cancelled").as_bool(),
        Some(true)
    );
    // A polyfill's Request: its own web stream is read; a Node stream (node-fetch) is refused by
    // name, not read as an empty body.
    let got = ok(verify_callback(
        polyfill_request(&path, &genuine, "web"),
        verify_opts(true, ""),
    ))
    .await;
    assert_eq!(s(&got, "avatar"), avatar);
    let e = fails(
        verify_callback(
            polyfill_request(&path, &genuine, "node"),
            verify_opts(false, ""),
        ),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "request");
    assert!(
        s(&e, "message").contains("ReadableStream"),
        "{}",
        s(&e, "message")
    );
    // A polyfill stream that throws is a malformed body, never an exception through the .wasm:
    // the instance keeps working.
    for kind in ["throws-locked", "throws-getReader", "throws-read"] {
        let e = fails(
            verify_callback(
                polyfill_request(&path, &genuine, kind),
                verify_opts(false, ""),
            ),
            "invalid_callback",
        )
        .await;
        assert!(
            s(&e, "message").contains("boom"),
            "{kind}: {}",
            s(&e, "message")
        );
    }
    let got = ok(verify_callback(
        polyfill_request(&path, &genuine, "web"),
        verify_opts(false, ""),
    ))
    .await;
    assert_eq!(s(&got, "avatar"), avatar);

    // A wrong secret, a GET, an oversize or malformed body: refused with a reason.
    refused(
        callback_request(
            "/hifly/callback/cb-secret-0123456789abcdeX",
            "POST",
            genuine.clone().into(),
        ),
        verify_opts(true, ""),
        "secret",
    )
    .await;
    refused(
        callback_request(&path, "GET", U),
        verify_opts(false, ""),
        "method",
    )
    .await;
    let big = format!(
        r#"{{"task_id":"{task_id}","pad":"{}"}}"#,
        "x".repeat(70_000)
    );
    refused(
        callback_request(&path, "POST", big.into()),
        verify_opts(false, ""),
        "too_large",
    )
    .await;
    refused(
        callback_request(&path, "POST", genuine.clone().into()),
        verify_opts(false, r#","maxBodyBytes":50"#),
        "too_large",
    )
    .await;
    refused(
        callback_request(&path, "POST", "{not json".into()),
        verify_opts(false, ""),
        "malformed",
    )
    .await;

    // Spoofed claims: a different avatar, a failure the API did not report, an unknown task.
    let spoofs = [
        format!(r#"{{"task_id":"{task_id}","type":2,"status":3,"avatar":"someone-else"}}"#),
        format!(r#"{{"task_id":"{task_id}","type":2,"status":4,"code":2015}}"#),
        r#"{"task_id":"9999999999999999","type":1,"status":3,"video_Url":"https://evil.example/x.mp4"}"#.to_string(),
    ];
    for spoof in spoofs {
        refused(
            callback_request(&path, "POST", spoof.into()),
            verify_opts(true, ""),
            "unconfirmed",
        )
        .await;
    }

    // The API cannot be reached: the client's own error comes back, so the receiver answers
    // non-200 and HiFly retries later.
    let genuine_copy = genuine.clone();
    let o = json(&format!(r#"{{"secret":"{SECRET}"}}"#));
    let down = new_client(json(
        r#"{"token":"t","baseUrl":"http://127.0.0.1:8718","maxRetries":0}"#,
    ))
    .unwrap();
    js_sys::Reflect::set(&o, &"client".into(), &JsValue::from(down)).unwrap();
    fails(
        verify_callback(callback_request(&path, "POST", genuine.into()), o),
        "network",
    )
    .await;

    // Bad options are invalid input.
    fails(
        verify_callback(
            callback_request(&path, "POST", U),
            json(r#"{"secret":"short"}"#),
        ),
        "invalid_input",
    )
    .await;
    fails(
        verify_callback("not a request".into(), verify_opts(false, "")),
        "invalid_input",
    )
    .await;
    // A limit past what a wasm32 usize holds is refused, never truncated to a small one.
    for max in ["4294967301", "0", "-1", "1.5", "1048577"] {
        let e = fails(
            verify_callback(
                callback_request(&path, "POST", U),
                json(&format!(r#"{{"secret":"{SECRET}","maxBodyBytes":{max}}}"#)),
            ),
            "invalid_input",
        )
        .await;
        assert_eq!(s(&e, "field"), "maxBodyBytes", "{max}");
    }
    // A `client` that cannot query tasks is bad input too, named as such.
    let no_client = json(&format!(r#"{{"secret":"{SECRET}","client":{{}}}}"#));
    let e = fails(
        verify_callback(
            callback_request(&path, "POST", genuine_copy.into()),
            no_client,
        ),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "client");
}

// ---------------------------------------------------------------- edges a review found

#[wasm_bindgen(module = "/tests/client/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = foreignResponseFetch)]
    fn foreign_response_fetch() -> JsValue;
    #[wasm_bindgen(js_name = revokedProxy)]
    fn revoked_proxy() -> JsValue;
    #[wasm_bindgen(js_name = proxyBlob)]
    fn proxy_blob(n: u32) -> JsValue;
    #[wasm_bindgen(js_name = proxySignal)]
    fn proxy_signal() -> JsValue;
    #[wasm_bindgen(js_name = hugeString)]
    fn huge_string(n: u32) -> JsValue;
}

#[wasm_bindgen_test]
async fn odd_runtimes_and_hostile_values_get_typed_answers() {
    reset().await;
    // A base URL written in upper case is the same origin as the answers' (normalised) URLs.
    let upper = new_client(json(&format!(
        r#"{{"token":"{TOKEN}","baseUrl":"{}/"}}"#,
        SIM.replacen("http://", "HTTP://", 1)
    )))
    .unwrap();
    assert_eq!(n(&ok(upper.get_credit(None)).await, "left"), 1000.0);

    // A custom fetch whose Response is not the global class works.
    let foreign = client_with_fetch(&foreign_response_fetch(), "");
    assert_eq!(n(&ok(foreign.get_credit(None)).await, "left"), 1000.0);

    // Revoked Proxies, a Proxy around a Blob or a signal: typed errors, no request.
    let c = client();
    sim("DELETE", "/__sim/requests", None).await;
    fails(c.get_credit(Some(revoked_proxy())), "invalid_input").await;
    fails(
        c.create_video_by_tts(revoked_proxy(), None),
        "invalid_input",
    )
    .await;
    fails(c.get_video_task(revoked_proxy(), None), "invalid_input").await;
    assert_eq!(seen("/").await.length(), 0, "nothing was sent");
    // ... and an extension no purpose names reaches the API, which judges it (the simulator, a
    // strict server, refuses exe with 2012).
    let e = fails(c.create_upload_url("exe".into(), None), "api").await;
    assert_eq!(n(&e, "code"), 2012.0);
    // So is any suffix the page does not rule out, such as a full-width digit's.
    let e = fails(c.create_upload_url("mp４".into(), None), "api").await;
    assert_eq!(n(&e, "code"), 2012.0);
    let e = fails(
        c.upload_file(blob_of(10), json(r#"{"file_extension":"exe"}"#)),
        "api",
    )
    .await;
    assert_eq!(n(&e, "code"), 2012.0);
    // A Proxy around a signal works where AbortSignal is plain JS (Node) and is refused where
    // its getters check their receiver (browsers): either way, no raw exception.
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"signal".into(), &proxy_signal()).unwrap();
    if let Err(e) = JsFuture::from(c.get_credit(Some(opts.into()))).await {
        assert_error(&e, "invalid_input");
    }
    // The same for a Proxy around a Blob: uploaded where Blob is plain JS (Node), refused before
    // anything is sent where its size getter checks its receiver (browsers).
    sim("DELETE", "/__sim/requests", None).await;
    let upload = c.upload_file(proxy_blob(10), json(r#"{"file_extension":"mp3"}"#));
    if let Err(e) = JsFuture::from(upload).await {
        assert_error(&e, "invalid_input");
        assert_eq!(s(&e, "field"), "data");
        assert_eq!(seen("/").await.length(), 0, "nothing was sent");
    }

    // A detached ArrayBuffer is an empty body, not an exception through the `.wasm`.
    let e = parse_callback(detached_buffer()).unwrap_err();
    assert_error(&e, "invalid_callback");
    // A callback body past the limit is refused by its length, before it is read.
    let e = parse_callback(huge_string(10 * 1024 * 1024)).unwrap_err();
    assert_error(&e, "invalid_callback");
    assert_eq!(s(&e, "reason"), "too_large");

    // A request whose body was already read: refused as malformed, not left hanging.
    let body = r#"{"task_id":"1","status":3,"type":2,"avatar":"a"}"#;
    let path = "/hifly/callback/s3cr3t-0123456789abcdef";
    let request = callback_request(path, "POST", body.into());
    let opts = json(r#"{"secret":"s3cr3t-0123456789abcdef"}"#);
    ok(verify_callback(request.clone(), opts.clone())).await;
    let e = fails(verify_callback(request, opts), "invalid_callback").await;
    assert_eq!(s(&e, "reason"), "malformed");
    assert!(s(&e, "message").contains("already read"));
    // And the instance still works.
    assert_eq!(n(&ok(c.get_credit(None)).await, "left"), 1000.0);
}

// ---------------------------------------------------------------- edges of issue 12 the client closes

#[wasm_bindgen(module = "/tests/client/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = loneSurrogate)]
    fn lone_surrogate() -> JsValue;
    #[wasm_bindgen(js_name = hideIsWellFormed)]
    fn hide_is_well_formed() -> js_sys::Function;
    #[wasm_bindgen(js_name = detachedBuffer)]
    fn detached_buffer() -> JsValue;
    #[wasm_bindgen(js_name = lengthlessFetch)]
    fn lengthless_fetch() -> JsValue;
    #[wasm_bindgen(js_name = sabView)]
    fn sab_view() -> JsValue;
    #[wasm_bindgen(js_name = oddSizeBlob)]
    fn odd_size_blob() -> JsValue;
    #[wasm_bindgen(js_name = throwingProgress)]
    fn throwing_progress() -> JsValue;
}

#[wasm_bindgen_test]
async fn strings_sizes_timers_and_callbacks_of_the_caller() {
    reset().await;
    let c = client();
    sim("DELETE", "/__sim/requests", None).await;
    // A string that is not valid Unicode is refused, not silently turned into another id.
    let e = fails(c.get_video_task(lone_surrogate(), None), "invalid_input").await;
    assert_eq!(s(&e, "field"), "task_id");
    let params = json(r#"{"avatar":"a","voice":"v"}"#);
    js_sys::Reflect::set(&params, &"text".into(), &lone_surrogate()).unwrap();
    let e = fails(c.create_video_by_tts(params.clone(), None), "invalid_input").await;
    assert_eq!(s(&e, "field"), "text");
    // One extension check for createUploadUrl and uploadFile: a malformed extension is refused
    // by both; any other is left to the API by both (see below).
    let e = fails(c.create_upload_url("mp4?x".into(), None), "invalid_input").await;
    assert_eq!(s(&e, "field"), "file_extension");
    let e = fails(
        c.upload_file(blob_of(10), json(r#"{"file_extension":"mp4?x"}"#)),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "file_extension");
    // Sizes: a Blob whose size is not a whole number; a view of a SharedArrayBuffer (where the
    // runtime has them): refused before an upload URL is spent.
    let e = fails(
        c.upload_file(odd_size_blob(), json(r#"{"file_extension":"mp3"}"#)),
        "invalid_input",
    )
    .await;
    assert_eq!(s(&e, "field"), "data");
    let sab = sab_view();
    if !sab.is_null() {
        let e = fails(
            c.upload_file(sab, json(r#"{"file_extension":"mp3"}"#)),
            "invalid_input",
        )
        .await;
        assert_eq!(s(&e, "field"), "data");
    }
    assert_eq!(seen("/").await.length(), 0, "nothing was sent");

    // The same where the runtime has no String.prototype.isWellFormed (before 2023: Firefox ESR
    // 115, Safari 16.3): the same refusals, and well-formed calls go through.
    let restore = hide_is_well_formed();
    let outcomes = (
        JsFuture::from(client().get_video_task(lone_surrogate(), None)).await,
        JsFuture::from(c.create_video_by_tts(params, None)).await,
        JsFuture::from(c.get_credit(None)).await,
        JsFuture::from(c.get_video_task("no-such-task".into(), None)).await,
    );
    restore.call0(&JsValue::UNDEFINED).unwrap();
    let e = outcomes
        .0
        .expect_err("a lone surrogate, without isWellFormed");
    assert_error(&e, "invalid_input");
    assert_eq!(s(&e, "field"), "task_id");
    let e = outcomes
        .1
        .expect_err("a lone surrogate in params, without isWellFormed");
    assert_error(&e, "invalid_input");
    assert_eq!(s(&e, "field"), "text");
    assert_eq!(
        n(
            &outcomes.2.expect("getCredit, without isWellFormed"),
            "left"
        ),
        1000.0
    );
    let e = outcomes
        .3
        .expect_err("an unknown task, without isWellFormed");
    assert_error(&e, "api");

    // The caller's own onProgress error comes back unchanged, not as a network error.
    let opts = json(r#"{"file_extension":"mp3"}"#);
    js_sys::Reflect::set(&opts, &"onProgress".into(), &throwing_progress()).unwrap();
    let e = JsFuture::from(c.upload_file(blob_of(100), opts))
        .await
        .expect_err("onProgress threw");
    assert!(!is_hifly_error(&e, &hifly_error_class()), "{}", show(&e));
    assert_eq!(s(&e, "message"), "boom from onProgress");

    // Durations past 2^31-1 ms never fire early: a call with such a timeout is answered, and a
    // wait with such an interval polls once, then waits (until aborted), instead of hammering.
    let credit = ok(c.get_credit(Some(json(r#"{"timeoutMs":2147483648}"#)))).await;
    assert_eq!(n(&credit, "left"), 1000.0);
    let (avatar, voice) = public_avatar_and_voice(&c).await;
    sim("POST", "/__sim/config", Some(r#"{"task_ms":5000}"#)).await;
    let job =
        ok(c.create_audio_by_tts(json(&format!(r#"{{"voice":"{voice}","text":"hi"}}"#)), None))
            .await;
    let _ = avatar;
    let task = s(&job, "task_id");
    sim("DELETE", "/__sim/requests", None).await;
    let opts = json(r#"{"intervalMs":2147483648}"#);
    js_sys::Reflect::set(&opts, &"signal".into(), &abort_after(300)).unwrap();
    let e = fails(c.wait_for_video_task(task.into(), Some(opts)), "aborted").await;
    assert!(get(&e, "taskId").is_string());
    assert_eq!(
        seen("/api/v2/hifly/video/task").await.length(),
        1,
        "one poll, then a wait"
    );
}

// ---------------------------------------------------------------- servers that misbehave

#[wasm_bindgen(module = "/tests/client/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = echoingApi)]
    fn echoing_api() -> JsValue;
    #[wasm_bindgen(js_name = echoingResultsApi)]
    fn echoing_results_api() -> JsValue;
    #[wasm_bindgen(js_name = redirectedApi)]
    fn redirected_api() -> JsValue;
    #[wasm_bindgen(js_name = hugeAnswerApi)]
    fn huge_answer_api() -> JsValue;
    #[wasm_bindgen(js_name = repeatingListApi)]
    fn repeating_list_api() -> JsValue;
    #[wasm_bindgen(js_name = endlessListApi)]
    fn endless_list_api() -> JsValue;
    #[wasm_bindgen(js_name = cappedListApi)]
    fn capped_list_api() -> JsValue;
}

fn stubbed(fetch: &JsValue, extra: &str) -> HiflyClient {
    let o = json(&format!(
        r#"{{"token":"{LONG_TOKEN}","baseUrl":"https://api.example","maxRetries":1{extra}}}"#
    ));
    js_sys::Reflect::set(&o, &"fetch".into(), fetch).unwrap();
    new_client(o).unwrap()
}

/// Every avatar of a stub API's list, walked with `params`, as an array.
async fn walk(api: &JsValue, params: Option<&str>) -> Array {
    let iterator = stubbed(api, "").avatars(params.map(json)).unwrap();
    Array::from(&ok(collect(&iterator)).await)
}

/// A token long enough to be a real one (short ones are not scrubbed: see Error::scrubbed).
const LONG_TOKEN: &str = "tok_0123456789abcdefghij";

#[wasm_bindgen_test]
async fn servers_that_echo_redirect_overflow_or_repeat_get_nowhere() {
    // A server (or a proxy) that echoes the Authorization header: in a 200 error's message and
    // in a 500 page, the token is replaced before it reaches the error.
    let echo = echoing_api();
    let c = stubbed(&echo, "");
    let e = fails(c.get_credit(None), "api").await;
    assert!(
        !s(&e, "message").contains(LONG_TOKEN),
        "{}",
        s(&e, "message")
    );
    assert!(
        s(&e, "message").contains("<redacted>"),
        "{}",
        s(&e, "message")
    );
    let e = fails(c.list_voices(None, None), "http").await;
    assert!(
        !s(&e, "message").contains(LONG_TOKEN),
        "{}",
        s(&e, "message")
    );
    assert!(!show(&e).contains(LONG_TOKEN));

    // Into a result, too: the answer's text is scrubbed before it is read, whether the token is
    // written as it is or JSON-escaped (`"`, `\`, and `/` as PHP escapes it).
    for token in [LONG_TOKEN, r#"tok/0123"456789\abcdef"#] {
        let echo = echoing_results_api();
        let o = Object::new();
        for (k, v) in [("token", token), ("baseUrl", "https://api.example")] {
            Reflect::set(&o, &k.into(), &v.into()).unwrap();
        }
        Reflect::set(&o, &"fetch".into(), &echo).unwrap();
        let c = new_client(o.into()).unwrap();
        for kind in ["1", "2"] {
            let list = ok(c.list_avatars(Some(json(&format!(r#"{{"kind":{kind}}}"#))), None)).await;
            let item = Array::from(&get(&list, "data")).get(0);
            assert_eq!(
                s(&item, "title"),
                "for Bearer <redacted>",
                "token {token}, kind {kind}"
            );
        }
        assert_eq!(n(&echo, "calls"), 2.0);
    }

    // An answer that came from another origin (a redirect) is not the API's.
    let redirected = redirected_api();
    let e = fails(stubbed(&redirected, "").get_credit(None), "network").await;
    assert!(
        s(&e, "message").contains("another origin"),
        "{}",
        s(&e, "message")
    );
    // ... and not asked again, nor called retryable: the same redirect would only come again.
    assert_eq!(n(&redirected, "calls"), 1.0);
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));

    // An answer over 4 MiB is a decode error, and not fetched again.
    let huge = huge_answer_api();
    let e = fails(stubbed(&huge, "").get_credit(None), "decode").await;
    assert!(s(&e, "message").contains("4 MiB"), "{}", s(&e, "message"));
    assert_eq!(n(&huge, "calls"), 1.0);

    // A list that ignores `page`: the walk stops when a page repeats the one before.
    let repeating = repeating_list_api();
    let items = walk(&repeating, Some(r#"{"size":2}"#)).await;
    assert_eq!(items.length(), 2);
    assert_eq!(n(&repeating, "calls"), 2.0);

    // A server that serves fewer items a page than asked (a cap): the walk goes on until a page
    // is shorter than the ones before, and gets every item.
    let capped = capped_list_api();
    let items = walk(&capped, Some(r#"{"size":50}"#)).await;
    let got: Vec<String> = items.iter().map(|i| s(&i, "avatar")).collect();
    assert_eq!(got, (1..=8).map(|i| format!("a{i}")).collect::<Vec<_>>());
    assert_eq!(n(&capped, "calls"), 3.0);
    // With the default size (20), a short first page is the end: one request for a short list.
    let short = capped_list_api();
    let items = walk(&short, None).await;
    assert_eq!(items.length(), 3);
    assert_eq!(n(&short, "calls"), 1.0);

    // A list whose every page is full and new stops after the page cap (1000 pages).
    let endless = endless_list_api();
    let items = walk(&endless, Some(r#"{"size":1}"#)).await;
    assert_eq!(items.length(), 1000);
    assert_eq!(n(&endless, "calls"), 1000.0);
    assert_eq!(s(&items.get(999), "avatar"), "a1000");

    // A base URL with credentials is refused: they would be repeated in messages.
    let e = new_client(json(r#"{"baseUrl":"https://user:secret@api.example"}"#))
        .err()
        .expect("credentials in baseUrl");
    assert_error(&e, "invalid_input");
    assert_eq!(s(&e, "field"), "baseUrl");
}
