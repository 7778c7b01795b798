#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod js;

pub use crate::core::*;

#[cfg(target_arch = "wasm32")]
pub use client::{
    parse_callback, parse_callback_limited, verify_callback, CallOptions, CallbackRequest,
    ClientOptions, HiflyClient, Pages, TaskReader, UploadData, UploadOptions, Verified,
    VerifyOptions, WaitOptions,
};
