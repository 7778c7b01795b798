//! The account: credit balance.

use serde::{Deserialize, Serialize};
use tsify_next::Tsify;

use super::Endpoint;
use crate::core::{wire, Error, Method};

/// `GET /api/v2/hifly/account/credit`: the credit balance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct GetCredit;

/// The credit balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub struct Credit {
    /// Credits left.
    #[serde(deserialize_with = "wire::int")]
    pub left: i64,
    /// The request id.
    #[serde(
        default,
        deserialize_with = "wire::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

impl Endpoint for GetCredit {
    type Output = Credit;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/account/credit";

    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
}
