//! Parsers: text to syntax trees that keep byte spans. A parse error never stops the scan of other files.

pub mod json;
pub mod terraform;
pub mod terraform_json;
pub mod yaml;
