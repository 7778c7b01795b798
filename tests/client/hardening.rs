//! Hardening: a table of bad inputs across the whole JS API, and every fault mode of the
//! simulator against reads and writes.

use super::*;

#[wasm_bindgen(module = "/tests/client/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = badInputs)]
    fn bad_inputs(client: &JsValue, error_class: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = sleepMs)]
    fn sleep_ms(ms: u32) -> Promise;
}

#[wasm_bindgen_test]
async fn over_a_hundred_bad_inputs_each_give_a_typed_error_and_the_instance_keeps_working() {
    reset().await;
    let c: JsValue = client().into();
    let outcomes = Array::from(&ok(bad_inputs(&c, &hifly_error_class())).await);
    assert!(outcomes.length() >= 107, "{} cases", outcomes.length());
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
    let c = client_with_fetch(&attempts, r#""timeoutMs":200"#);
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
