//! TLS security policies of Elastic Load Balancing listeners (Application and Network Load Balancers).
//!
//! Whether a policy still accepts TLS 1.0 or 1.1 is a fact about its name that a policy file cannot
//! express: AWS keeps adding policies, and only some families spell their minimum version. The names
//! and protocol versions come from AWS's tables "Security policies for your Application Load Balancer"
//! and "… Network Load Balancer" (Elastic Load Balancing user guides).

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;
use crate::value::Value;

pub static ELB_LISTENER_ALLOWS_LEGACY_TLS: Predicate = Predicate {
    name: "elb_listener_allows_legacy_tls",
    summary: "an HTTPS or TLS listener's security policy (ELBSecurityPolicy-2016-08 when none is written) still accepts TLS 1.0 or 1.1",
    validate: |args| only_args(args, &[]),
    eval,
};

/// What AWS uses when an HTTPS or TLS listener names no policy through the API, the CLI,
/// CloudFormation or Terraform (the console picks a newer one).
const DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

/// Policies whose names do not say their minimum version and that accept TLS 1.0 or 1.1.
const LEGACY_POLICIES: &[&str] = &[
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-2015-05",
    "ELBSecurityPolicy-TLS-1-0-2015-04",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-FS-1-1-2019-08",
];

/// `ELBSecurityPolicy-TLS13-1-0-2021-06`, `…-TLS13-1-1-FIPS-2023-04`, `…-TLS13-1-0-PQ-2025-09`: the
/// TLS 1.3 families name their minimum version right after `TLS13-`.
const LEGACY_PREFIXES: &[&str] = &["ELBSecurityPolicy-TLS13-1-0-", "ELBSecurityPolicy-TLS13-1-1-"];

/// Whether a named policy accepts a protocol older than TLS 1.2. Unknown names (a policy newer than
/// this table) are not reported.
#[must_use]
pub fn allows_legacy_tls(policy: &str) -> bool {
    LEGACY_POLICIES.contains(&policy) || LEGACY_PREFIXES.iter().any(|p| policy.starts_with(p))
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let (holder, protocol_key, policy_key) = match resource.format {
        Format::Terraform => (Some(&resource.attrs), "protocol", "ssl_policy"),
        Format::CloudFormation => (resource.attrs.get("Properties"), "Protocol", "SslPolicy"),
    };
    let Some(holder) = holder else {
        return Outcome::no(None);
    };
    match holder.get(protocol_key) {
        Some(p) if p.is_unknown() => return Outcome::unknown("listener protocol is unknown"),
        Some(p)
            if p.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("HTTPS") || s.eq_ignore_ascii_case("TLS")) => {}
        // HTTP, TCP, UDP, GENEVE, or no protocol: no TLS is negotiated by this listener.
        _ => return Outcome::no(None),
    }
    match holder.get(policy_key) {
        None => {
            if allows_legacy_tls(DEFAULT_POLICY) {
                Outcome::yes(None)
            } else {
                Outcome::no(None)
            }
        }
        Some(v) if v.is_unknown() => Outcome::unknown("listener security policy is unknown"),
        Some(v) => match v.as_str() {
            Some(name) if allows_legacy_tls(name) => Outcome::yes(Some(v.span)),
            _ => Outcome::no(Some(v.span)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::allows_legacy_tls;

    #[test]
    fn names_that_allow_tls_1_0_or_1_1() {
        for legacy in [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS-1-1-2017-01",
            "ELBSecurityPolicy-TLS13-1-0-2021-06",
            "ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04",
            "ELBSecurityPolicy-FS-1-1-2019-08",
        ] {
            assert!(allows_legacy_tls(legacy), "{legacy}");
        }
        for current in [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            "SomeFuturePolicy",
        ] {
            assert!(!allows_legacy_tls(current), "{current}");
        }
    }
}
