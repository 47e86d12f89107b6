//! Network ACL entries that allow inbound traffic from the whole internet to a port.
//!
//! Three shapes: inline `ingress` blocks of `aws_network_acl` and `aws_default_network_acl`,
//! `aws_network_acl_rule`, and
//! CloudFormation's `AWS::EC2::NetworkAclEntry`. Rule order is not weighed: an allow entry open to the
//! internet is reported even when a lower-numbered deny happens to shadow it, since reordering or
//! removing that deny later silently opens the port.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::value::{Kind, Value};

pub static NACL_INGRESS_OPEN: Predicate = Predicate {
    name: "nacl_ingress_open_to_internet",
    summary: "a network ACL entry allows inbound traffic from 0.0.0.0/0 or ::/0 to one of `ports`",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["ports"])?;
    match args.get("ports").and_then(Value::as_list) {
        Some(l) if !l.is_empty() && l.iter().all(|v| v.as_f64().is_some()) => Ok(()),
        _ => Err("nacl_ingress_open_to_internet needs `ports: [numbers]`".to_string()),
    }
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let ports: Vec<f64> =
        args.get("ports").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_f64).collect();
    let attrs = &resource.attrs;
    let entries: Vec<&Value> = match resource.rtype.as_str() {
        "aws_network_acl" | "aws_default_network_acl" => match attrs.get("ingress") {
            Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
            Some(Value { kind: Kind::Unknown(u), .. }) => {
                return Outcome::unknown(format!("ingress rules are unknown: {}", u.reason));
            }
            _ => vec![],
        },
        "aws_network_acl_rule" => vec![attrs],
        "AWS::EC2::NetworkAclEntry" => attrs.get("Properties").into_iter().collect(),
        _ => vec![],
    };
    let inline = matches!(resource.rtype.as_str(), "aws_network_acl" | "aws_default_network_acl");
    Outcome::any_true(entries.into_iter().map(|e| judge(e, inline, &ports)))
}

fn field<'v>(e: &'v Value, names: &[&str]) -> Option<&'v Value> {
    names.iter().find_map(|n| e.get(n)).filter(|v| !matches!(v.kind, Kind::Null))
}

fn judge(e: &Value, inline: bool, ports: &[f64]) -> Outcome {
    // Inline `ingress` blocks are inbound by construction; separate entries say so with `egress`.
    if !inline {
        match field(e, &["egress", "Egress"]) {
            Some(v) if v.is_unknown() => return Outcome::unknown("entry direction is unknown"),
            Some(v) if v.as_bool() == Some(true) => return Outcome::no(None),
            _ => {}
        }
    }
    match field(e, &["action", "rule_action", "RuleAction"]) {
        Some(v) if v.is_unknown() => return Outcome::unknown("entry action is unknown"),
        Some(v) if v.as_str().is_some_and(|a| a.eq_ignore_ascii_case("allow")) => {}
        _ => return Outcome::no(None),
    }
    let mut open_at = None;
    let mut unknown_source = false;
    for key in ["cidr_block", "ipv6_cidr_block", "CidrBlock", "Ipv6CidrBlock"] {
        match field(e, &[key]) {
            Some(v @ Value { kind: Kind::String(c), .. }) if matches!(c.trim(), "0.0.0.0/0" | "::/0") => {
                open_at = Some(v.span);
            }
            Some(v) if v.is_unknown() => unknown_source = true,
            _ => {}
        }
    }
    let Some(at) = open_at else {
        return if unknown_source { Outcome::unknown("entry source is unknown") } else { Outcome::no(None) };
    };
    let protocol = match field(e, &["protocol", "Protocol"]) {
        Some(v) if v.is_unknown() => return Outcome::unknown("entry protocol is unknown"),
        Some(v) => v.scalar_text().unwrap_or_default().to_ascii_lowercase(),
        None => return Outcome::no(None),
    };
    let (from, to) = match protocol.as_str() {
        "-1" | "all" => (0.0, 65535.0),
        "tcp" | "6" | "udp" | "17" => {
            let range = e.get("PortRange");
            let port = |names: &[&str], cfn: &str| -> Result<Option<f64>, Outcome> {
                match field(e, names).or_else(|| range.and_then(|r| field(r, &[cfn]))) {
                    Some(v) if v.is_unknown() => Err(Outcome::unknown("entry port is unknown")),
                    Some(v) => Ok(v.as_f64()),
                    None => Ok(None),
                }
            };
            let from = match port(&["from_port"], "From") {
                Ok(p) => p,
                Err(o) => return o,
            };
            let to = match port(&["to_port"], "To") {
                Ok(p) => p,
                Err(o) => return o,
            };
            match (from, to) {
                (Some(f), Some(t)) => (f, t),
                // A TCP/UDP entry without a port range is rejected by the API; nothing to judge.
                _ => return Outcome::no(None),
            }
        }
        _ => return Outcome::no(None),
    };
    if ports.iter().any(|p| (from..=to).contains(p)) { Outcome::yes(Some(at)) } else { Outcome::no(None) }
}
