//! Polling a task until it ends.

use web_sys::AbortSignal;

use super::{timer, HiflyClient, JsBody};
use crate::core::*;

/// The first poll waits this long unless told otherwise; later ones back off by half again.
pub const DEFAULT_POLL_MS: f64 = 2000.0;
/// Polls never wait longer than this (or the caller's interval, if longer).
pub const POLL_CAP_MS: f64 = 15_000.0;

/// How to wait for a task.
#[derive(Debug, Clone, Default)]
pub struct WaitOptions {
    /// The first wait between polls (default 2 s); each later one is 1.5 times longer, up to 15 s.
    pub interval_ms: Option<f64>,
    /// Give up after this long (default: never). The error carries the task id to resume with.
    pub timeout_ms: Option<f64>,
    /// Stops the wait.
    pub signal: Option<AbortSignal>,
}

/// A task's status, code, message and request id, as one poll read them.
pub(crate) type TaskState = (TaskStatus, i64, String, Option<String>);

/// One poll's answer, decoded by the caller.
pub(crate) type Step<'a> = &'a mut dyn FnMut(u16, &JsBody) -> Result<TaskState, Error>;

impl HiflyClient {
    /// Polls an avatar clone until it ends: its result at status 3, `TaskFailed` at status 4.
    pub async fn wait_for_avatar_task(
        &self,
        task_id: &str,
        o: &WaitOptions,
    ) -> Result<AvatarTask, Error> {
        self.wait_typed::<GetAvatarTask>(task_id, o).await
    }

    /// Polls a voice clone until it ends.
    pub async fn wait_for_voice_task(
        &self,
        task_id: &str,
        o: &WaitOptions,
    ) -> Result<VoiceTask, Error> {
        self.wait_typed::<GetVoiceTask>(task_id, o).await
    }

    /// Polls a work (video or audio) until it ends.
    pub async fn wait_for_video_task(
        &self,
        task_id: &str,
        o: &WaitOptions,
    ) -> Result<VideoTask, Error> {
        self.wait_typed::<GetVideoTask>(task_id, o).await
    }

    async fn wait_typed<Q: TaskQuery>(
        &self,
        task_id: &str,
        o: &WaitOptions,
    ) -> Result<Q::Output, Error> {
        let mut last = None;
        let mut step = |status: u16, body: &JsBody| {
            let out = Q::decode(status, body)?;
            let (s, code, message, request_id) = Q::state(&out);
            let state = (s, code, message.to_string(), request_id.map(str::to_string));
            last = Some(out);
            Ok(state)
        };
        let query = Q::for_task(task_id.to_string());
        self.poll(&query, task_id, o, &mut step).await?;
        last.ok_or(Error::Aborted)
    }

    /// Polls `query` until the task ends; `step` decodes each answer (and keeps it).
    pub(crate) async fn poll(
        &self,
        query: &impl Endpoint,
        task_id: &str,
        o: &WaitOptions,
        step: Step<'_>,
    ) -> Result<(), Error> {
        let req = query.to_request_with(self.config.token.as_ref(), |_| Ok(String::new()))?;
        self.poll_request(&req, task_id, o, step).await
    }

    /// [`HiflyClient::poll`] with the request built: one copy of the loop for every task type.
    pub(crate) async fn poll_request(
        &self,
        req: &HttpRequest,
        task_id: &str,
        o: &WaitOptions,
        step: Step<'_>,
    ) -> Result<(), Error> {
        let interval = o.interval_ms.unwrap_or(DEFAULT_POLL_MS);
        validate::duration_ms("intervalMs", interval)?;
        if interval < 1.0 {
            return Err(Error::invalid("intervalMs", "must be at least 1"));
        }
        let overall = o.timeout_ms.unwrap_or(0.0);
        validate::duration_ms("timeoutMs", overall)?;
        let signal = o.signal.as_ref();
        let started = timer::now_ms();
        let cap = POLL_CAP_MS.max(interval);
        let mut delay = interval;
        // A poll in flight, its retries and the sleeps between them keep to the wait's own
        // deadline too.
        let until = (overall > 0.0).then_some(started + overall);
        let out_of_time = || until.is_some_and(|u| timer::now_ms() >= u - 1.0);
        loop {
            let mut state = None;
            let mut read = |status: u16, body: &JsBody| {
                state = Some(step(status, body)?);
                Ok(())
            };
            let polled = self
                .config
                .exchange(req, signal, None, until, &mut read)
                .await;
            if let Err(e) = polled {
                // The wait's deadline, not the attempt's, is what ran out: say so, to resume. Only
                // for an error that time could mend; a refusal (auth, api, not found) stands.
                let transient = e.retryable() || matches!(e, Error::Decode { .. });
                return Err(if transient && out_of_time() {
                    waited_too_long(task_id, overall)
                } else {
                    e
                });
            }
            let (status, code, message, request_id) = state.ok_or(Error::Aborted)?;
            match status {
                TaskStatus::Done => return Ok(()),
                TaskStatus::Failed => {
                    let failed = Error::TaskFailed {
                        task_id: task_id.to_string(),
                        code: (code != 0).then(|| ErrorCode::from_i64(code)),
                        message,
                        request_id,
                    };
                    // The message came from the network: no token in it.
                    return Err(match &self.config.token {
                        Some(t) => failed.scrubbed(t.secret()),
                        None => failed,
                    });
                }
                TaskStatus::Waiting | TaskStatus::Processing => {}
            }
            let wait = match until {
                Some(u) => delay.min(u - timer::now_ms()),
                None => delay,
            };
            if wait > 0.0 {
                timer::sleep(wait, signal).await?;
            }
            // No poll that would have no time to be answered.
            if out_of_time() {
                return Err(waited_too_long(task_id, overall));
            }
            delay = (delay * 1.5).min(cap);
        }
    }
}

/// The timeout of a wait that ran out: the task id is in it, to resume with.
fn waited_too_long(task_id: &str, overall: f64) -> Error {
    Error::Timeout {
        message: format!(
            "Task {task_id} had not finished after {} ms; wait for it again to resume",
            overall.floor() as u64
        ),
    }
}
