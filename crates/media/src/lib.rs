//! Tapis media: the images of a Telegram export as evidence.
//!
//! Pure Rust, no web or UI dependency: it compiles natively (for `tapis hash` and `tapis scan`) and to
//! `wasm32-unknown-unknown` (for the app's worker), so that a hash is the same wherever it is computed.

pub mod cluster;
pub mod decode;
pub mod hash;
pub mod hashlist;
pub mod index;
pub mod pdq;

pub use decode::{DecodeError, decode_rgb};
pub use hash::{ParseHashError, Pdq};
pub use hashlist::{HashList, Parsed};
pub use index::{DEFAULT_THRESHOLD, Index, Match};
pub use pdq::{Hashed, hash_image, hash_rgb};
