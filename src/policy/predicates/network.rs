//! Ingress open to the internet on a port range.
//!
//! One reader for the five shapes an ingress rule takes: inline `ingress` blocks of
//! `aws_security_group`, `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`, and
//! CloudFormation's inline `SecurityGroupIngress` and `AWS::EC2::SecurityGroupIngress`.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::value::{Kind, Value};

pub static INGRESS_OPEN_TO_INTERNET: Predicate = Predicate {
    name: "ingress_open_to_internet",
    summary: "an ingress rule admits 0.0.0.0/0 or ::/0 to one of `ports` (rules opening every port are left to `all_ports: true`), or to every port with `all_ports: true`",
    validate,
    eval,
};

fn validate(args: &Value) -> Result<(), String> {
    only_args(args, &["ports", "all_ports"])?;
    match (args.get("ports"), args.get("all_ports")) {
        (Some(p), None)
            if p.as_list().is_some_and(|l| !l.is_empty() && l.iter().all(|v| v.as_f64().is_some())) =>
        {
            Ok(())
        }
        (None, Some(a)) if a.as_bool() == Some(true) => Ok(()),
        _ => Err("ingress_open_to_internet needs `ports: [numbers]` or `all_ports: true`".to_string()),
    }
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, args: &Value) -> Outcome {
    let ports: Vec<f64> =
        args.get("ports").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_f64).collect();
    let want = if ports.is_empty() { Want::AllPorts } else { Want::Ports(&ports) };
    Outcome::any_true(ingress_rules(resource).into_iter().map(|rule| match rule {
        Ok(rule) => judge_rule(rule, &want),
        Err(o) => o,
    }))
}

enum Want<'a> {
    Ports(&'a [f64]),
    AllPorts,
}

/// The ingress rules a resource defines; `Err` carries an Unknown when even that cannot be told.
fn ingress_rules(resource: &Resource) -> Vec<Result<&Value, Outcome>> {
    let attrs = &resource.attrs;
    let props = attrs.get("Properties");
    match resource.rtype.as_str() {
        "aws_security_group" => list(attrs.get("ingress")),
        "aws_security_group_rule" => match attrs.get("type").map(|t| (t.as_str(), t)) {
            Some((Some("ingress"), _)) => vec![Ok(attrs)],
            Some((None, t)) if t.is_unknown() => vec![Err(Outcome::unknown("rule type is unknown"))],
            _ => vec![],
        },
        "aws_vpc_security_group_ingress_rule" | "AWS::EC2::SecurityGroupIngress" => {
            vec![Ok(props.unwrap_or(attrs))]
        }
        "AWS::EC2::SecurityGroup" => list(props.and_then(|p| p.get("SecurityGroupIngress"))),
        _ => vec![],
    }
}

fn list(v: Option<&Value>) -> Vec<Result<&Value, Outcome>> {
    match v {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().map(Ok).collect(),
        Some(v @ Value { kind: Kind::Map(_), .. }) => vec![Ok(v)],
        Some(Value { kind: Kind::Unknown(u), .. }) => vec![Err(Outcome::unknown(u.reason.to_string()))],
        _ => vec![],
    }
}

fn field<'v>(rule: &'v Value, names: &[&str]) -> Option<&'v Value> {
    names.iter().find_map(|n| rule.get(n))
}

fn judge_rule(rule: &Value, want: &Want<'_>) -> Outcome {
    // Where does the traffic come from?
    let mut sources = Vec::new();
    for key in ["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "CidrIp", "CidrIpv6"] {
        match rule.get(key) {
            Some(Value { kind: Kind::List(items), .. }) => sources.extend(items.iter()),
            Some(v) => sources.push(v),
            None => {}
        }
    }
    let mut open_at = None;
    let mut unknown_source = None;
    for s in sources {
        match &s.kind {
            Kind::String(cidr) if is_internet(cidr) => {
                open_at = Some(s.span);
                break;
            }
            Kind::Unknown(u) => unknown_source = unknown_source.or(Some(u.reason.to_string())),
            _ => {}
        }
    }
    if open_at.is_none() {
        return unknown_source
            .map_or(Outcome::no(None), |r| Outcome::unknown(format!("ingress source is unknown: {r}")));
    }
    // Which ports?
    let protocol = field(rule, &["protocol", "ip_protocol", "IpProtocol"]);
    let protocol = match protocol {
        None => return Outcome::no(None),
        Some(p) if p.is_unknown() => return Outcome::unknown("ingress protocol is unknown"),
        Some(p) => p.scalar_text().unwrap_or_default().to_ascii_lowercase(),
    };
    let all_protocols = matches!(protocol.as_str(), "-1" | "all");
    let ranged = matches!(protocol.as_str(), "tcp" | "udp" | "6" | "17");
    if !all_protocols && !ranged {
        // ICMP and other protocols have no ports.
        return Outcome::no(None);
    }
    let (from, to) = if all_protocols {
        (0.0, 65535.0)
    } else {
        let port = |names: &[&str], absent: f64| match field(rule, names) {
            None => Ok(absent),
            Some(v) if v.is_unknown() => Err(Outcome::unknown("ingress port is unknown")),
            Some(v) => Ok(v.as_f64().unwrap_or(absent)),
        };
        let from = match port(&["from_port", "FromPort"], 0.0) {
            Ok(p) => p,
            Err(o) => return o,
        };
        let to = match port(&["to_port", "ToPort"], 65535.0) {
            Ok(p) => p,
            Err(o) => return o,
        };
        // -1 as a port means every port for TCP/UDP in the EC2 API.
        if from < 0.0 || to < 0.0 { (0.0, 65535.0) } else { (from, to) }
    };
    let every_port = from <= 1.0 && to >= 65535.0;
    let hit = match want {
        // A rule that opens every port is one problem, reported once by the all-ports policy, not
        // again by each port-specific one.
        Want::Ports(ports) => !every_port && ports.iter().any(|p| (from..=to).contains(p)),
        Want::AllPorts => every_port,
    };
    if hit { Outcome::yes(open_at) } else { Outcome::no(None) }
}

/// `0.0.0.0/0` and `::/0`: the whole IPv4 or IPv6 internet.
fn is_internet(cidr: &str) -> bool {
    let cidr = cidr.trim();
    matches!(cidr, "0.0.0.0/0" | "::/0" | "0::/0" | "::0/0")
}
