//! Avatar cloning: from a video or an image, the clone task, and the avatar list.

use serde::{Deserialize, Serialize};
use tsify_next::Tsify;

use super::{Endpoint, Page, TaskCreated, TaskStatus};
use crate::core::{validate, wire, Error, Method};

/// `POST /api/v2/hifly/avatar/create_by_video`: clones an avatar from a video.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateAvatarByVideo {
    /// The avatar's name (default "未命名"). The page sets no limit on its length, so none is
    /// checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The video's URL: mp4 or mov, H.264, ≤ 500 MB. Exactly one of this and `file_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `video_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
}

impl Endpoint for CreateAvatarByVideo {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/avatar/create_by_video";

    fn validate(&self) -> Result<(), Error> {
        if let Some(url) = &self.video_url {
            validate::max_chars("video_url", url, validate::VIDEO_URL_MAX_CHARS)?;
        }
        validate::url_or_file(
            "video_url",
            self.video_url.as_deref(),
            self.file_id.as_deref(),
        )
    }
}

/// `POST /api/v2/hifly/avatar/create_by_image`: clones an avatar from an image (costs credits).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateAvatarByImage {
    /// The avatar's name (default "未命名"). The page sets no limit on its length, so none is
    /// checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The image's URL. Exactly one of this and `file_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// An uploaded file's id. Exactly one of this and `image_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
    /// 1: video model 2.0, 2: video model 2.1 (the API's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(type = "1 | 2")]
    pub model: Option<i64>,
}

impl Endpoint for CreateAvatarByImage {
    type Output = TaskCreated;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/avatar/create_by_image";

    fn validate(&self) -> Result<(), Error> {
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
}

/// `GET /api/v2/hifly/avatar/task`: the state of an avatar clone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct GetAvatarTask {
    /// The task id from a create call.
    pub task_id: String,
}

super::task_result! {
    /// An avatar clone's state; `avatar` is set once it is done.
    AvatarTask = "struct AvatarTask" from AvatarTaskWire = "AvatarTaskWire" {
        /// The new avatar's id, for the video endpoints.
        avatar: Option<String> = w.avatar.clone(),
    }
    wire |w| {
        #[serde(default, deserialize_with = "wire::opt_result")]
        avatar: Option<String>,
    }
    done: "avatar" = w.avatar.as_deref()
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
}

/// `GET /api/v2/hifly/avatar/list`: a page of avatars (kind 2 public, the default; 1 own).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(transparent)]
pub struct ListAvatars {
    /// Page, size and kind.
    pub page: Page,
}

super::list_item! {
    /// One avatar in a list.
    AvatarItem = "struct AvatarItem" from AvatarItemWire = "AvatarItemWire" {
        /// The avatar's id.
        avatar: String = [deserialize_with = "wire::string"],
        /// 1 own, 2 public.
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<i64> = [default, deserialize_with = "wire::opt_int"],
        /// Its name (empty when the API gives none).
        title: String = [default, deserialize_with = "wire::string_or_empty"],
    }
}

/// A page of avatars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(from = "super::ListWire<AvatarItem>")]
pub struct AvatarList {
    /// The avatars on this page; fewer than `size` means the last page.
    pub data: Vec<AvatarItem>,
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl From<super::ListWire<AvatarItem>> for AvatarList {
    fn from(w: super::ListWire<AvatarItem>) -> Self {
        AvatarList {
            data: w.data,
            request_id: w.request_id,
        }
    }
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
}
