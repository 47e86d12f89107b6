//! Ingress from, or egress to, the internet on a port range.
//!
//! One reader for the five shapes a rule takes in each direction: inline `ingress`/`egress` blocks of
//! `aws_security_group`, `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` (`_egress_`),
//! and CloudFormation's inline `SecurityGroupIngress`/`SecurityGroupEgress` and
//! `AWS::EC2::SecurityGroupIngress`/`AWS::EC2::SecurityGroupEgress`.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::Outcome;
use crate::value::{Kind, Value};

pub static INGRESS_OPEN_TO_INTERNET: Predicate = Predicate {
    name: "ingress_open_to_internet",
    summary: "an ingress rule admits 0.0.0.0/0 or ::/0 to one of `ports` (rules opening every port are left to `all_ports: true`), or to every port with `all_ports: true`",
    validate: |args| validate("ingress_open_to_internet", args),
    eval: |_, resource, args| eval(resource, args, Direction::Ingress),
};

pub static EGRESS_OPEN_TO_INTERNET: Predicate = Predicate {
    name: "egress_open_to_internet",
    summary: "an egress rule sends to 0.0.0.0/0 or ::/0 on one of `ports` (rules opening every port are left to `all_ports: true`), or on every port with `all_ports: true`",
    validate: |args| validate("egress_open_to_internet", args),
    eval: |_, resource, args| eval(resource, args, Direction::Egress),
};

#[derive(Clone, Copy)]
enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    fn address(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress source",
            Direction::Egress => "egress destination",
        }
    }
}

fn validate(name: &str, args: &Value) -> Result<(), String> {
    only_args(args, &["ports", "all_ports"])?;
    match (args.get("ports"), args.get("all_ports")) {
        (Some(p), None)
            if p.as_list().is_some_and(|l| !l.is_empty() && l.iter().all(|v| v.as_f64().is_some())) =>
        {
            Ok(())
        }
        (None, Some(a)) if a.as_bool() == Some(true) => Ok(()),
        _ => Err(format!("{name} needs `ports: [numbers]` or `all_ports: true`")),
    }
}

fn eval(resource: &Resource, args: &Value, direction: Direction) -> Outcome {
    let ports: Vec<f64> =
        args.get("ports").and_then(Value::as_list).unwrap_or(&[]).iter().filter_map(Value::as_f64).collect();
    let want = if ports.is_empty() { Want::AllPorts } else { Want::Ports(&ports) };
    Outcome::any_true(rules(resource, direction).into_iter().map(|rule| match rule {
        Ok(rule) => judge_rule(rule, &want, direction),
        Err(o) => o,
    }))
}

enum Want<'a> {
    Ports(&'a [f64]),
    AllPorts,
}

/// The rules of one direction a resource defines; `Err` carries an Unknown when even that cannot be
/// told.
fn rules(resource: &Resource, direction: Direction) -> Vec<Result<&Value, Outcome>> {
    let attrs = &resource.attrs;
    let props = attrs.get("Properties");
    let (block, kind, rule_type, template_rule, inline) = match direction {
        Direction::Ingress => (
            "ingress",
            "ingress",
            "aws_vpc_security_group_ingress_rule",
            "AWS::EC2::SecurityGroupIngress",
            "SecurityGroupIngress",
        ),
        Direction::Egress => (
            "egress",
            "egress",
            "aws_vpc_security_group_egress_rule",
            "AWS::EC2::SecurityGroupEgress",
            "SecurityGroupEgress",
        ),
    };
    match resource.rtype.as_str() {
        "aws_security_group" => list(attrs.get(block)),
        "aws_security_group_rule" => match attrs.get("type").map(|t| (t.as_str(), t)) {
            Some((Some(t), _)) if t == kind => vec![Ok(attrs)],
            Some((None, t)) if t.is_unknown() => vec![Err(Outcome::unknown("rule type is unknown"))],
            _ => vec![],
        },
        t if t == rule_type || t == template_rule => vec![Ok(props.unwrap_or(attrs))],
        "AWS::EC2::SecurityGroup" => list(props.and_then(|p| p.get(inline))),
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

fn judge_rule(rule: &Value, want: &Want<'_>, direction: Direction) -> Outcome {
    // Where does the traffic come from (or go to)?
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
        return unknown_source.map_or(Outcome::no(None), |r| {
            Outcome::unknown(format!("{} is unknown: {r}", direction.address()))
        });
    }
    // Which ports?
    let protocol = field(rule, &["protocol", "ip_protocol", "IpProtocol"]);
    let protocol = match protocol {
        None => return Outcome::no(None),
        Some(p) if p.is_unknown() => {
            return Outcome::unknown(format!("{} protocol is unknown", direction.name()));
        }
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
            Some(v) if v.is_unknown() => {
                Err(Outcome::unknown(format!("{} port is unknown", direction.name())))
            }
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
