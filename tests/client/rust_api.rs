//! The Rust API, as a Leptos/Yew front end or a workers-rs Worker uses it: `hifly_sdk::HiflyClient`
//! with async methods and serde types, against the simulator.

use super::*;
use hifly_sdk::{
    CallOptions, Callback, CallbackRequest, ClientOptions, CreateVideoByTts, Error as HiflyErr,
    ErrorCode, Page, TaskStatus, UploadData, UploadOptions, UploadPurpose, VerifyOptions,
    WaitOptions,
};

fn rust_client() -> hifly_sdk::HiflyClient {
    hifly_sdk::HiflyClient::new(ClientOptions {
        token: Some(TOKEN.into()),
        base_url: Some(SIM.into()),
        ..Default::default()
    })
    .expect("client")
}

#[wasm_bindgen_test]
async fn rust_credit_lists_and_pages() {
    reset().await;
    let c = rust_client();
    let credit = c.get_credit().await.unwrap();
    assert_eq!(credit.left, 1000);
    assert_eq!(credit.request_id.is_some(), !loose().await);

    let list = c
        .list_avatars(&hifly_sdk::ListAvatars {
            page: Page {
                page: Some(1),
                size: Some(2),
                kind: Some(2),
            },
        })
        .await
        .unwrap();
    assert_eq!(list.data.len(), 2);

    // Every public voice, page by page, equals the one-page listing of them all.
    let all = c
        .list_voices(&hifly_sdk::ListVoices {
            page: Page {
                page: Some(1),
                size: Some(100),
                kind: Some(2),
            },
        })
        .await
        .unwrap()
        .data;
    let mut pages = c.voices(Some(2), Some(2)).unwrap();
    let mut walked = Vec::new();
    while let Some(item) = pages.next().await {
        walked.push(item.unwrap());
    }
    assert_eq!(walked, all);
    assert!(all.len() > 2, "more than one page");

    // The same walk as a futures::Stream.
    use futures_core::Stream;
    let mut stream = c.voices(Some(2), Some(2)).unwrap();
    let mut streamed = Vec::new();
    while let Some(item) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await
    {
        streamed.push(item.unwrap());
    }
    assert_eq!(streamed, all);

    // A next() dropped while its page loads loses nothing: the next call goes on with that
    // request instead of sending another.
    let before = seen("/api/v2/hifly/voice/list").await.length();
    let mut pages = c.voices(Some(2), Some(2)).unwrap();
    {
        let mut first = Box::pin(pages.next());
        std::future::poll_fn(|cx| {
            let polled = std::future::Future::poll(first.as_mut(), cx);
            assert!(polled.is_pending(), "a page takes a fetch");
            std::task::Poll::Ready(())
        })
        .await;
        // Dropped only once the simulator has the request, so that a walk that lost it would
        // have to send a second one.
        let mut tries = 0;
        while seen("/api/v2/hifly/voice/list").await.length() == before {
            tries += 1;
            assert!(tries < 500, "the first page's request never arrived");
        }
    }
    assert_eq!(pages.next().await.unwrap().unwrap(), all[0]);
    assert_eq!(pages.next().await.unwrap().unwrap(), all[1]);
    assert_eq!(
        seen("/api/v2/hifly/voice/list").await.length(),
        before + 1,
        "one request for the first page"
    );
}

#[wasm_bindgen_test]
async fn rust_text_to_video_and_wait() {
    reset().await;
    let c = rust_client();
    let avatar = c
        .avatars(Some(2), None)
        .unwrap()
        .next()
        .await
        .unwrap()
        .unwrap();
    let voice = c
        .voices(Some(2), None)
        .unwrap()
        .next()
        .await
        .unwrap()
        .unwrap();
    let job = c
        .create_video_by_tts(&CreateVideoByTts {
            avatar: avatar.avatar,
            voice: voice.voice,
            text: "你好，世界".into(),
            st_show: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let done = c
        .wait_for_video_task(
            &job.task_id,
            &WaitOptions {
                interval_ms: Some(50.0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Done);
    assert!(done.video_url.as_deref().unwrap().starts_with("http"));

    // That work's callback, from Rust: parse_callback (the same name as natively), then
    // verify_callback with the client confirming it through the API, whose URL and duration
    // replace the body's claims. A task the API does not know is refused.
    let body = format!(
        r#"{{"type":1,"task_id":"{}","status":3,"code":0,"message":"","video_Url":"https://decoy.example/x.mp4","duration":99999}}"#,
        job.task_id
    );
    let Callback::Video(claimed) = hifly_sdk::parse_callback(body.as_bytes()).unwrap() else {
        panic!("not a work")
    };
    assert_eq!(claimed.task.task_id, job.task_id);
    assert_eq!(
        (claimed.video_url.as_deref(), claimed.duration),
        (Some("https://decoy.example/x.mp4"), Some(99999.0)),
        "parsed, not confirmed: the body's claims"
    );
    let request = |body: &str| CallbackRequest {
        url: format!("https://hooks.example/hifly/{SECRET}"),
        method: "POST".into(),
        content_length: None,
        body: web_sys::Response::new_with_opt_str(Some(body))
            .unwrap()
            .body(),
    };
    let options = VerifyOptions {
        secret: SECRET.into(),
        ..Default::default()
    };
    let verified = hifly_sdk::verify_callback(&request(&body), &options, Some(&c))
        .await
        .unwrap();
    assert!(verified.confirmed);
    let Callback::Video(work) = verified.callback else {
        panic!("not a work: {:?}", verified.callback)
    };
    // The simulator signs each read of a URL anew (its query changes by the second): the same
    // media is the same URL up to the query.
    let path = |u: &Option<String>| u.as_deref().unwrap().split('?').next().unwrap().to_string();
    assert_eq!(
        path(&work.video_url),
        path(&done.video_url),
        "the API's URL"
    );
    assert!(!work.video_url.as_deref().unwrap().contains("decoy"));
    assert_eq!(
        work.duration, done.duration,
        "the API's duration, not 99999"
    );
    assert_ne!(work.duration, Some(99999.0));
    // This time from a fetch Request, as a workers-rs Worker has it (`req.inner()`).
    let unknown = body.replace(&job.task_id, "no-such-task-0000");
    let init = web_sys::RequestInit::new();
    init.set_method("post");
    init.set_body(&unknown.as_str().into());
    let fetch_request = web_sys::Request::new_with_str_and_init(
        &format!("https://hooks.example/hifly/{SECRET}"),
        &init,
    )
    .unwrap();
    let from_fetch = CallbackRequest::from(&fetch_request);
    // Its Debug, as a receiver's log line would print it, holds no secret.
    let logged = format!("{from_fetch:?}");
    assert!(!logged.contains(SECRET), "{logged}");
    assert!(
        logged.contains("https://hooks.example/hifly/<redacted>"),
        "{logged}"
    );
    // Also with trailing slashes, which verification reads past.
    let slashed = CallbackRequest {
        url: format!("https://hooks.example/hifly/{SECRET}//?x=1"),
        ..from_fetch.clone()
    };
    let logged = format!("{slashed:?}");
    assert!(!logged.contains(SECRET), "{logged}");
    assert_eq!(
        from_fetch.method, "POST",
        "the Request normalises the method"
    );
    let e = hifly_sdk::verify_callback(&from_fetch, &options, Some(&c))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            HiflyErr::InvalidCallback {
                refusal: "unconfirmed",
                reason,
            } if reason.contains("does not know")
        ),
        "{e}"
    );
    // A declared length over the limit is refused before the body is read.
    let e = hifly_sdk::verify_callback(
        &CallbackRequest {
            content_length: Some("2048".into()),
            ..request(&body)
        },
        &VerifyOptions {
            max_body_bytes: Some(1024),
            ..options.clone()
        },
        Some(&c),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            e,
            HiflyErr::InvalidCallback {
                refusal: "too_large",
                ..
            }
        ),
        "{e}"
    );

    // Bad input is a typed error before anything is sent.
    let e = c
        .create_video_by_tts(&CreateVideoByTts {
            text: "<b>hi</b>".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
}

#[wasm_bindgen_test]
async fn rust_upload_and_errors() {
    reset().await;
    let c = rust_client();
    let blob: web_sys::Blob = blob_of(4096).unchecked_into();
    let up = c
        .upload_file(
            UploadData::Blob(blob),
            &UploadOptions {
                file_extension: "mp3".into(),
                purpose: Some(UploadPurpose::VoiceAudio),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!up.file_id.is_empty());
    let puts = seen("/upload/").await;
    assert_eq!(puts.length(), 1);
    assert!(!show(&puts).contains(TOKEN), "no token in the PUT");

    // An API error keeps its code; an abort is an abort.
    sim("POST", "/__sim/config", Some(r#"{"credits":0}"#)).await;
    let e = c
        .create_audio_by_tts(&hifly_sdk::CreateAudioByTts {
            voice: "voice_public_01".into(),
            text: "hi".into(),
            title: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            HiflyErr::Api {
                code: ErrorCode::InsufficientCredits,
                ..
            }
        ),
        "{e}"
    );
    let aborted = c
        .call(
            &hifly_sdk::GetCredit,
            &CallOptions {
                signal: Some(aborted_signal().unchecked_into()),
                timeout_ms: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(aborted.kind(), "aborted");
}
