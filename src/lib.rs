#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod core;
pub mod wasm;

pub use crate::core::*;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
