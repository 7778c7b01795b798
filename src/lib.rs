#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod core;
pub mod wasm;

pub use crate::core::*;

/// The `.wasm`'s allocator: lol_alloc's free list, about 5 KB smaller than std's dlmalloc, which
/// matters under issue 6's size budget. Each export allocates a little and frees it all before it
/// returns, so the list stays short; freed neighbours are merged.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
