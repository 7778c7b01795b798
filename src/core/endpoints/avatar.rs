//! Avatar cloning: from a video or an image, the clone task, and the avatar list.

use super::{Endpoint, Page, TaskCreated, TaskState};
use crate::core::json::ObjectWriter;
use crate::core::response::Fields;
use crate::core::{validate, Error, Method};

/// `POST /api/v2/hifly/avatar/create_by_video`: clones an avatar from a video.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateAvatarByVideo {
    /// The avatar's name (default "未命名").
    pub title: Option<String>,
    /// The video's URL: mp4 or mov, H.264, ≤ 500 MB. Exactly one of this and `file_id`.
    pub video_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `video_url`.
    pub file_id: Option<String>,
}

impl Endpoint for CreateAvatarByVideo {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/avatar/create_by_video";

    fn validate(&self) -> Result<(), Error> {
        validate::opt_title("title", self.title.as_deref())?;
        validate::url_or_file(
            "video_url",
            self.video_url.as_deref(),
            self.file_id.as_deref(),
        )
    }

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .opt_str("title", self.title.as_deref())
                .opt_str("video_url", self.video_url.as_deref())
                .opt_str("file_id", self.file_id.as_deref())
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// `POST /api/v2/hifly/avatar/create_by_image`: clones an avatar from an image (costs credits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateAvatarByImage {
    /// The avatar's name (default "未命名").
    pub title: Option<String>,
    /// The image's URL. Exactly one of this and `file_id`.
    pub image_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `image_url`.
    pub file_id: Option<String>,
    /// 1: video model 2.0, 2: video model 2.1 (the API's default).
    pub model: Option<i64>,
}

impl Endpoint for CreateAvatarByImage {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/avatar/create_by_image";

    fn validate(&self) -> Result<(), Error> {
        validate::opt_title("title", self.title.as_deref())?;
        validate::url_or_file(
            "image_url",
            self.image_url.as_deref(),
            self.file_id.as_deref(),
        )?;
        if let Some(model) = self.model {
            validate::one_of("model", model, &[1, 2])?;
        }
        Ok(())
    }

    fn body(&self) -> Option<String> {
        Some(
            ObjectWriter::new()
                .opt_str("title", self.title.as_deref())
                .opt_str("image_url", self.image_url.as_deref())
                .opt_str("file_id", self.file_id.as_deref())
                .opt_int("model", self.model)
                .finish(),
        )
    }

    fn decode(f: &Fields<'_>) -> Result<TaskCreated, Error> {
        TaskCreated::decode(f)
    }
}

/// `GET /api/v2/hifly/avatar/task`: the state of an avatar clone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetAvatarTask {
    /// The task id from a create call.
    pub task_id: String,
}

/// An avatar clone's state; `avatar` is set once it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarTask {
    /// Status, code, message and request id.
    pub state: TaskState,
    /// The new avatar's id, for the video endpoints.
    pub avatar: Option<String>,
}

impl Endpoint for GetAvatarTask {
    type Output = AvatarTask;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/avatar/task";
    const TASK_QUERY: bool = true;

    fn validate(&self) -> Result<(), Error> {
        validate::id("task_id", &self.task_id)
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("task_id", self.task_id.clone())]
    }

    fn decode(f: &Fields<'_>) -> Result<AvatarTask, Error> {
        Ok(AvatarTask {
            state: TaskState::decode(f)?,
            avatar: f.opt_string("avatar"),
        })
    }
}

/// `GET /api/v2/hifly/avatar/list`: a page of avatars (kind 2 public, the default; 1 own).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListAvatars {
    /// Page, size and kind.
    pub page: Page,
}

/// One avatar in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarItem {
    /// The avatar's id.
    pub avatar: String,
    /// 1 own, 2 public.
    pub kind: Option<i64>,
    /// Its name.
    pub title: String,
}

/// A page of avatars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvatarList {
    /// The avatars on this page; fewer than `size` means the last page.
    pub data: Vec<AvatarItem>,
    /// The request id.
    pub request_id: Option<String>,
}

impl Endpoint for ListAvatars {
    type Output = AvatarList;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/avatar/list";

    fn validate(&self) -> Result<(), Error> {
        self.page.validate()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.page.query()
    }

    fn decode(f: &Fields<'_>) -> Result<AvatarList, Error> {
        Ok(AvatarList {
            data: f.list("data", |item| AvatarItem {
                avatar: item.string("avatar"),
                kind: item.opt_int("kind"),
                title: item.opt_string("title").unwrap_or_default(),
            }),
            request_id: f.opt_string("request_id"),
        })
    }
}
