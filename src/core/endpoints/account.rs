//! The account: credit balance.

use super::Endpoint;
use crate::core::response::Fields;
use crate::core::{Error, Method};

/// `GET /api/v2/hifly/account/credit`: the credit balance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetCredit;

/// The credit balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credit {
    /// Credits left.
    pub left: i64,
    /// The request id.
    pub request_id: Option<String>,
}

impl Endpoint for GetCredit {
    type Output = Credit;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v2/hifly/account/credit";

    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }

    fn decode(f: &Fields<'_>) -> Result<Credit, Error> {
        Ok(Credit {
            left: f.int("left"),
            request_id: f.opt_string("request_id"),
        })
    }
}
