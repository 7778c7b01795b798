//! Hardening: a table of bad inputs across the whole JS API, and every fault mode of the
//! simulator against reads and writes.

use super::*;

#[wasm_bindgen(inline_js = r##"
export async function badInputs(client, HiflyError) {
  const Client = client.constructor;
  const huge = "字".repeat(200_000);
  const emoji21 = "😀".repeat(21);
  const blob = new Blob([new Uint8Array(8)]);
  const tts = (extra) => ({ avatar: "a", voice: "v", text: "hi", ...extra });
  const cases = [
    // Wrong types and missing values, for every kind of argument.
    ["createVideoByTts()", () => client.createVideoByTts()],
    ["createVideoByTts(null)", () => client.createVideoByTts(null)],
    ["createVideoByTts(5)", () => client.createVideoByTts(5)],
    ["createVideoByTts('text')", () => client.createVideoByTts("text")],
    ["createVideoByTts([])", () => client.createVideoByTts([])],
    ["createVideoByTts(fn)", () => client.createVideoByTts(() => 1)],
    ["createVideoByTts(true)", () => client.createVideoByTts(true)],
    ["tts text number", () => client.createVideoByTts(tts({ text: 42 }))],
    ["tts text object", () => client.createVideoByTts(tts({ text: { a: 1 } }))],
    ["tts avatar missing", () => client.createVideoByTts({ voice: "v", text: "hi" })],
    ["tts voice null", () => client.createVideoByTts(tts({ voice: null }))],
    ["tts title number", () => client.createVideoByTts(tts({ title: 7 }))],
    ["tts st_show 'yes'", () => client.createVideoByTts(tts({ st_show: "yes" }))],
    ["tts st_show 2", () => client.createVideoByTts(tts({ st_show: 2 }))],
    ["tts st_font_size NaN", () => client.createVideoByTts(tts({ st_font_size: NaN }))],
    ["tts st_font_size Infinity", () => client.createVideoByTts(tts({ st_font_size: Infinity }))],
    ["tts st_font_size 1.5", () => client.createVideoByTts(tts({ st_font_size: 1.5 }))],
    ["tts st_width -5", () => client.createVideoByTts(tts({ st_width: -5 }))],
    ["tts st_pos_x -1", () => client.createVideoByTts(tts({ st_pos_x: -1 }))],
    ["tts st_pos_y 2^60", () => client.createVideoByTts(tts({ st_pos_y: 2 ** 60 }))],
    ["tts colour name", () => client.createVideoByTts(tts({ st_primary_color: "red" }))],
    ["tts colour full-width", () => client.createVideoByTts(tts({ st_outline_color: "#ｆｆ0000" }))],
    ["tts unknown key", () => client.createVideoByTts(tts({ videoUrl: "x" }))],
    ["tts huge text", () => client.createVideoByTts(tts({ text: huge }))],
    ["tts blank text", () => client.createVideoByTts(tts({ text: " \n\t " }))],
    ["tts html text", () => client.createVideoByTts(tts({ text: "<script>x</script>" }))],
    ["tts 21 emoji title", () => client.createVideoByTts(tts({ title: emoji21 }))],
    ["tts huge title", () => client.createVideoByTts(tts({ title: huge }))],
    ["audio text undefined", () => client.createAudioByTts({ voice: "v" })],
    ["video by audio both", () => client.createVideoByAudio({ avatar: "a", audio_url: "https://e.com/a.mp3", file_id: "f" })],
    ["video by audio neither", () => client.createVideoByAudio({ avatar: "a" })],
    ["avatar url huge", () => client.createAvatarByVideo({ video_url: "https://e.com/" + "a".repeat(600) })],
    ["avatar url relative", () => client.createAvatarByVideo({ video_url: "/a.mp4" })],
    ["avatar url javascript:", () => client.createAvatarByVideo({ video_url: "javascript:alert(1)" })],
    ["avatar file_id number", () => client.createAvatarByVideo({ file_id: 12 })],
    ["image model '2'", () => client.createAvatarByImage({ file_id: "f", model: "2" })],
    ["image model 3", () => client.createAvatarByImage({ file_id: "f", model: 3 })],
    ["voice title missing", () => client.createVoice({ file_id: "f" })],
    ["voice voice_type 9", () => client.createVoice({ title: "t", voice_type: 9, file_id: "f" })],
    ["edit rate NaN", () => client.editVoice({ voice: "v", rate: NaN, volume: 1, pitch: 1 })],
    ["edit rate 'fast'", () => client.editVoice({ voice: "v", rate: "fast", volume: 1, pitch: 1 })],
    ["edit volume -1", () => client.editVoice({ voice: "v", rate: 1, volume: -1, pitch: 1 })],
    ["edit pitch missing", () => client.editVoice({ voice: "v", rate: 1, volume: 1 })],
    ["edit pitch object", () => client.editVoice({ voice: "v", rate: 1, volume: 1, pitch: {} })],
    ["list page 0", () => client.listAvatars({ page: 0 })],
    ["list page NaN", () => client.listVoices({ page: NaN })],
    ["list size -1", () => client.listAvatars({ size: -1 })],
    ["list kind 1.5", () => client.listVoices({ kind: 1.5 })],
    ["list params 'x'", () => client.listVoices("x")],
    ["task id number", () => client.getVideoTask(42)],
    ["task id null", () => client.getAvatarTask(null)],
    ["task id empty", () => client.getVoiceTask("")],
    ["task id NUL", () => client.getVideoTask("a\u0000b")],
    ["task id huge", () => client.getVideoTask(huge)],
    ["upload url ext full-width", () => client.createUploadUrl("mp４")],
    ["upload url ext huge", () => client.createUploadUrl(huge)],
    ["upload null data", () => client.uploadFile(null, { file_extension: "mp4" })],
    ["upload string data", () => client.uploadFile("bytes", { file_extension: "mp4" })],
    ["upload object data", () => client.uploadFile({ size: 5 }, { file_extension: "mp4" })],
    ["upload no options", () => client.uploadFile(blob)],
    ["upload bad purpose", () => client.uploadFile(blob, { file_extension: "mp4", purpose: "video" })],
    ["upload exe", () => client.uploadFile(blob, { file_extension: "exe" })],
    ["upload onProgress string", () => client.uploadFile(blob, { file_extension: "mp4", onProgress: "log" })],
    ["options string", () => client.getCredit("fast")],
    ["options timeoutMs -5", () => client.getCredit({ timeoutMs: -5 })],
    ["options timeoutMs NaN", () => client.getCredit({ timeoutMs: NaN })],
    ["options signal {}", () => client.getCredit({ signal: {} })],
    ["options unknown key", () => client.getCredit({ retries: 3 })],
    ["wait intervalMs -1", () => client.waitForVideoTask("t", { intervalMs: -1 })],
    ["wait onStatus number", () => client.waitForVideoTask("t", { onStatus: 5 })],
    ["wait task id object", () => client.waitForAvatarTask({}, {})],
    ["iterate size 0", async () => { for await (const _ of client.avatars({ size: 0 })); }],
    ["iterate kind 'all'", async () => { for await (const _ of client.voices({ kind: "all" })); }],
    ["new Client({token:''})", () => new Client({ token: "" })],
    ["new Client({token:'a b'})", () => new Client({ token: "a b" })],
    ["new Client({token: non-ASCII})", () => new Client({ token: "tök" })],
    ["new Client({token: 5})", () => new Client({ token: 5 })],
    ["new Client({baseUrl:'ftp://x'})", () => new Client({ baseUrl: "ftp://x" })],
    ["new Client({maxRetries:-1})", () => new Client({ maxRetries: -1 })],
    ["new Client({maxRetries:1e9})", () => new Client({ maxRetries: 1e9 })],
    ["new Client({timeoutMs:-1})", () => new Client({ timeoutMs: -1 })],
    ["new Client('token')", () => new Client("token")],
    // Values JSON cannot carry, and objects it cannot read.
    ["tts cyclic params", () => { const p = tts({}); p.self = p; return client.createVideoByTts(p); }],
    ["tts bigint size", () => client.createVideoByTts(tts({ st_font_size: 10n }))],
    ["tts symbol title", () => client.createVideoByTts(tts({ title: Symbol("t") }))],
    ["tts throwing getter", () => client.createVideoByTts({ ...tts({}), get title() { throw new Error("no"); } })],
    ["new Client(cyclic options)", () => { const o = {}; o.token = o; return new Client(o); }],
  ];
  const out = [];
  for (const [name, call] of cases) {
    try {
      const value = await call();
      out.push({ name, ok: true, value: String(value) });
    } catch (e) {
      out.push({
        name,
        ok: false,
        isHiflyError: e instanceof HiflyError && e instanceof Error,
        kind: e && e.kind,
        message: e && e.message,
      });
    }
  }
  return out;
}
export function sleepMs(ms) { return new Promise((done) => setTimeout(done, ms)); }
"##)]
extern "C" {
    #[wasm_bindgen(js_name = badInputs)]
    fn bad_inputs(client: &JsValue, error_class: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = sleepMs)]
    fn sleep_ms(ms: u32) -> Promise;
}

#[wasm_bindgen_test]
async fn sixty_bad_inputs_each_give_a_typed_error_and_the_instance_keeps_working() {
    reset().await;
    let c: JsValue = client().into();
    let outcomes = Array::from(&ok(bad_inputs(&c, &hifly_error_class())).await);
    assert!(outcomes.length() >= 60, "{} cases", outcomes.length());
    for o in outcomes.iter() {
        let name = s(&o, "name");
        assert_eq!(get(&o, "ok").as_bool(), Some(false), "{name} was accepted");
        assert_eq!(
            get(&o, "isHiflyError").as_bool(),
            Some(true),
            "{name}: {}",
            show(&o)
        );
        assert_eq!(
            s(&o, "kind"),
            "invalid_input",
            "{name}: {}",
            s(&o, "message")
        );
    }
    // Nothing reached the API, and nothing panicked: the same instance still works.
    assert_eq!(seen("/api/").await.length(), 0);
    let again = client();
    assert_eq!(n(&ok(again.get_credit(None)).await, "left"), 1000.0);
    let callback = parse_callback(r#"{"task_id":"1","status":3,"type":2,"avatar":"a"}"#.into());
    assert_eq!(s(&callback.unwrap(), "avatar"), "a");
}

/// One fault mode: its spec, and the error kind a call gets when it never stops.
const FAULTS: &[(&str, &str)] = &[
    (r#""kind":"latency","ms":400"#, "timeout"),
    (r#""kind":"status","status":500"#, "http"),
    (r#""kind":"status","status":503"#, "http"),
    (r#""kind":"html502""#, "http"),
    (r#""kind":"truncate""#, "decode"),
    (r#""kind":"reset""#, "network"),
    (r#""kind":"rate_limit","retry_after":0"#, "http"),
];

#[wasm_bindgen_test]
async fn every_fault_mode_ends_in_a_result_or_a_typed_error() {
    // The client's own attempts are counted at its fetch: a browser may itself resend an
    // idempotent GET whose connection was reset, beneath any client, so the simulator can see more.
    let attempts = counting_fetch();
    let c = new_client({
        let o = json(&format!(
            r#"{{"token":"{TOKEN}","baseUrl":"{SIM}","timeoutMs":200}}"#
        ));
        js_sys::Reflect::set(&o, &"fetch".into(), &attempts).unwrap();
        o
    })
    .unwrap();
    let calls = || {
        let count = n(&attempts, "calls");
        js_sys::Reflect::set(&attempts, &"calls".into(), &0.into()).unwrap();
        count
    };
    for (spec, kind) in FAULTS {
        // A read recovers when the fault lasts no longer than maxRetries (2)...
        reset().await;
        let path = "/api/v2/hifly/account/credit";
        fault(&format!(r#"{{{spec},"count":2,"path":"{path}"}}"#)).await;
        calls();
        let credit = ok(c.get_credit(None)).await;
        assert_eq!(n(&credit, "left"), 1000.0, "{spec}");
        // Within 1 + maxRetries attempts (fewer when a browser's own resend absorbed a fault).
        let made = calls();
        assert!((2.0..=3.0).contains(&made), "{spec}: {made} attempts");

        // ...and ends in a typed error after 1 + maxRetries attempts when it does not stop.
        reset().await;
        let path = "/api/v2/hifly/voice/list";
        fault(&format!(r#"{{{spec},"count":-1,"path":"{path}"}}"#)).await;
        fails(c.list_voices(None, None), kind).await;
        assert_eq!(calls(), 3.0, "{spec}");

        // A write is never resent, whatever the fault, even when the server processed it and
        // only the answer failed (`after`): one call from the client, one upload slot made by the
        // server, then a typed error. (A browser may itself resend a request whose reused
        // connection was reset before any answer, which no client can stop; the server then
        // sees that request twice, and `after` keeps this check to what the client controls.)
        reset().await;
        let path = "/api/v2/hifly/tool/create_upload_url";
        fault(&format!(
            r#"{{{spec},"after":true,"count":-1,"path":"{path}"}}"#
        ))
        .await;
        let e = JsFuture::from(c.create_upload_url("mp4".into(), None))
            .await
            .expect_err(spec);
        assert!(
            is_hifly_error(&e, &hifly_error_class()),
            "{spec}: {}",
            show(&e)
        );
        assert_eq!(s(&e, "kind"), *kind, "{spec}: {}", s(&e, "message"));
        // A delayed answer is processed after its delay: wait it out before counting.
        JsFuture::from(sleep_ms(500)).await.unwrap();
        let made = Array::from(&get(&sim("GET", "/__sim/state", None).await, "uploads")).length();
        // Once; for latency the simulator reads the body only after the delay, by when the
        // client has given up, so it is never processed at all: at most once either way.
        let expected = if spec.contains("latency") {
            0..=1
        } else {
            1..=1
        };
        assert!(
            expected.contains(&made),
            "{spec}: the server processed it {made} times"
        );
        assert_eq!(seen(path).await.length(), 1, "{spec}");
        assert_eq!(calls(), 1.0, "{spec}");
    }
}
