//! Fingerprints: what identifies a finding across edits, for SARIF's `partialFingerprints`, the JSON
//! report and baselines.

use sha2::{Digest, Sha256};

/// A finding's fingerprint: a hash of the rule, the root module (or template) and the resource
/// address, which is what identifies a finding to a person. Where the finding is reported does not
/// count: moving the resource, or reporting it at the module argument that decided its value rather
/// than inside the module, keeps it; renaming the resource does not.
#[must_use]
pub fn identity(rule_id: &str, root: &str, address: &str) -> String {
    fingerprint(rule_id, address, &format!("\0root:{root}"))
}

/// The hash of the fingerprints written before [`identity`]: rule id, address and the file the
/// finding was in (never the line). Baselines of that time are still matched with it.
#[must_use]
pub fn fingerprint(rule_id: &str, address: &str, file: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, address, file] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().take(16).fold(String::with_capacity(32), |mut hex, b| {
        let _ = std::fmt::Write::write_fmt(&mut hex, format_args!("{b:02x}"));
        hex
    })
}
