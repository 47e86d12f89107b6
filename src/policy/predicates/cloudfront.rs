//! CloudFront origins that are S3 buckets reached without origin access control or an origin access
//! identity. Each origin is judged on its own fields, which a path condition cannot tie together.

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome, Truth};
use crate::source::Format;
use crate::value::{Kind, Value};

pub static S3_ORIGIN_WITHOUT_ACCESS_CONTROL: Predicate = Predicate {
    name: "cloudfront_s3_origin_without_access_control",
    summary: "an origin of the distribution is an S3 bucket (REST endpoint) with neither origin access control nor an origin access identity",
    validate: |args| only_args(args, &[]),
    eval,
};

struct Fields {
    domain: &'static str,
    oac: &'static str,
    s3_config: &'static str,
    oai: &'static str,
    custom: &'static str,
}

const TERRAFORM: Fields = Fields {
    domain: "domain_name",
    oac: "origin_access_control_id",
    s3_config: "s3_origin_config",
    oai: "origin_access_identity",
    custom: "custom_origin_config",
};

const CLOUDFORMATION: Fields = Fields {
    domain: "DomainName",
    oac: "OriginAccessControlId",
    s3_config: "S3OriginConfig",
    oai: "OriginAccessIdentity",
    custom: "CustomOriginConfig",
};

/// `bucket.s3.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com`, `bucket.s3-eu-west-1.amazonaws.com`:
/// the REST endpoints. Website endpoints (`s3-website`) are custom origins and cannot use OAC.
fn is_s3_rest_endpoint(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    let d = d.trim_end_matches('.');
    (d.ends_with(".amazonaws.com") || d.ends_with(".amazonaws.com.cn"))
        && (d.contains(".s3.") || d.contains(".s3-"))
        && !d.contains("s3-website")
}

/// A non-empty value, or an Unknown one (a reference to an OAC or OAI resource is set).
fn is_set(v: Option<&Value>) -> Truth {
    match v.map(|v| &v.kind) {
        Some(Kind::String(s)) if !s.is_empty() => Truth::True,
        Some(Kind::Unknown(_) | Kind::Map(_)) => Truth::True,
        _ => Truth::False,
    }
}

fn first(v: Option<&Value>) -> Option<&Value> {
    match v {
        Some(Value { kind: Kind::List(items), .. }) => items.first(),
        other => other,
    }
}

fn judge(origin: &Value, f: &Fields) -> Outcome {
    let s3_config = first(origin.get(f.s3_config));
    let domain = origin.get(f.domain);
    let s3 = if s3_config.is_some() {
        Truth::True
    } else if first(origin.get(f.custom)).is_some() {
        Truth::False
    } else {
        match domain {
            Some(d) if d.is_unknown() => Truth::Unknown,
            Some(d) => {
                if d.as_str().is_some_and(is_s3_rest_endpoint) {
                    Truth::True
                } else {
                    Truth::False
                }
            }
            None => Truth::False,
        }
    };
    match s3 {
        Truth::False => return Outcome::no(None),
        Truth::Unknown => return Outcome::unknown("origin domain is unknown; it may be an S3 bucket"),
        Truth::True => {}
    }
    if is_set(origin.get(f.oac)) == Truth::True || is_set(s3_config.and_then(|c| c.get(f.oai))) == Truth::True
    {
        return Outcome::no(None);
    }
    Outcome::yes(Some(domain.map_or(origin.span, |d| d.span)))
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let (origins, fields) = match resource.format {
        Format::Terraform => (resource.attrs.get("origin"), &TERRAFORM),
        Format::CloudFormation => (
            resource
                .attrs
                .get("Properties")
                .and_then(|p| p.get("DistributionConfig"))
                .and_then(|c| c.get("Origins")),
            &CLOUDFORMATION,
        ),
    };
    let items: Vec<&Value> = match origins {
        Some(Value { kind: Kind::List(items), .. }) => items.iter().collect(),
        Some(v @ Value { kind: Kind::Map(_), .. }) => vec![v],
        Some(Value { kind: Kind::Unknown(u), .. }) => {
            return Outcome::unknown(format!("origins are unknown: {}", u.reason));
        }
        _ => vec![],
    };
    Outcome::any_true(items.into_iter().map(|origin| judge(origin, fields)))
}

#[cfg(test)]
mod tests {
    use super::is_s3_rest_endpoint;

    #[test]
    fn s3_rest_endpoints() {
        assert!(is_s3_rest_endpoint("assets.s3.amazonaws.com"));
        assert!(is_s3_rest_endpoint("assets.s3.eu-west-1.amazonaws.com"));
        assert!(is_s3_rest_endpoint("assets.s3-eu-west-1.amazonaws.com"));
        assert!(!is_s3_rest_endpoint("assets.s3-website-eu-west-1.amazonaws.com"));
        assert!(!is_s3_rest_endpoint("origin.example.com"));
    }
}
