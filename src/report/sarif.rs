//! The sarif report.

use crate::app::Scan;

#[must_use]
pub fn render(scan: &Scan) -> String {
    let _ = scan;
    String::new()
}
