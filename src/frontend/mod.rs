//! Frontends: each parses one language and lowers it into [`crate::ir`].
//! They know nothing about rules.

pub mod cpp;
pub mod prep;
pub mod rust;
