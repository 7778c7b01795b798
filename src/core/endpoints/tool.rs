//! Tools: signed upload URLs.

use serde::{Deserialize, Serialize, Serializer};
use tsify_next::Tsify;

use super::Endpoint;
use crate::core::{validate, wire, Error, Method};

/// `POST /api/v2/hifly/tool/create_upload_url`: a signed URL to PUT one file to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct CreateUploadUrl {
    /// The file's extension, e.g. `mp4` (a leading dot and upper case are normalised away).
    #[serde(serialize_with = "normalised")]
    pub file_extension: String,
}

fn normalised<S: Serializer>(ext: &str, s: S) -> Result<S::Ok, S::Error> {
    let ext = validate::file_extension(ext).unwrap_or_else(|_| ext.to_string());
    s.serialize_str(&ext)
}

/// Where and how to upload, and the id to use the file by afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct UploadUrl {
    /// The signed URL. PUT the bytes there, keeping its query string exactly as it is.
    #[serde(deserialize_with = "wire::web_url")]
    pub upload_url: String,
    /// The `Content-Type` the PUT must carry.
    #[serde(deserialize_with = "wire::header_value")]
    pub content_type: String,
    /// The id to pass as `file_id` to the create endpoints.
    #[serde(deserialize_with = "wire::string")]
    pub file_id: String,
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl Endpoint for CreateUploadUrl {
    type Output = UploadUrl;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/tool/create_upload_url";

    fn validate(&self) -> Result<(), Error> {
        // One extension check for this call and for uploads: a type no upload purpose takes
        // would only spend an upload URL.
        validate::upload(&self.file_extension, None, None).map(drop)
    }
}

/// What an upload gives: the id to use the file by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct Uploaded {
    /// The id to pass as `file_id` to the create endpoints.
    pub file_id: String,
    /// The request id of the upload-URL call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
