//! Tools: signed upload URLs.

use super::Endpoint;
use crate::core::json::ObjectWriter;
use crate::core::response::Fields;
use crate::core::{validate, Error, Method};

/// `POST /api/v2/hifly/tool/create_upload_url`: a signed URL to PUT one file to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreateUploadUrl {
    /// The file's extension, e.g. `mp4` (a leading dot and upper case are normalised away).
    pub file_extension: String,
}

/// Where and how to upload, and the id to use the file by afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadUrl {
    /// The signed URL. PUT the bytes there, keeping its query string exactly as it is.
    pub upload_url: String,
    /// The `Content-Type` the PUT must carry.
    pub content_type: String,
    /// The id to pass as `file_id` to the create endpoints.
    pub file_id: String,
    /// The request id.
    pub request_id: Option<String>,
}

impl Endpoint for CreateUploadUrl {
    type Output = UploadUrl;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v2/hifly/tool/create_upload_url";

    fn validate(&self) -> Result<(), Error> {
        validate::file_extension(&self.file_extension).map(drop)
    }

    fn body(&self) -> Option<String> {
        let ext = validate::file_extension(&self.file_extension)
            .unwrap_or_else(|_| self.file_extension.clone());
        Some(ObjectWriter::new().str("file_extension", &ext).finish())
    }

    fn decode(f: &Fields<'_>) -> Result<UploadUrl, Error> {
        Ok(UploadUrl {
            upload_url: f.string("upload_url"),
            content_type: f.string("content_type"),
            file_id: f.string("file_id"),
            request_id: f.opt_string("request_id"),
        })
    }
}
