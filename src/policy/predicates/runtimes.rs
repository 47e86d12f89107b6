//! Lambda runtimes past their deprecation date.
//!
//! After its deprecation date a managed runtime gets no more security patches, and AWS later blocks
//! creating and then updating functions that use it. Dates are AWS's "Deprecation date" column of
//! the Lambda runtimes page (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), as published
//! in late 2025; a runtime is reported only once its date has passed on the day of the scan, so the
//! same table keeps working as the future dates arrive. Runtimes missing from the table (newer ones)
//! are not reported. Update the table when AWS announces new dates.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Predicate, only_args};
use crate::model::Resource;
use crate::policy::engine::{Ctx, Outcome};
use crate::source::Format;
use crate::value::Value;

pub static LAMBDA_RUNTIME_DEPRECATED: Predicate = Predicate {
    name: "lambda_runtime_deprecated",
    summary: "the function's runtime (`runtime`, `Runtime`) has passed its AWS deprecation date on the day of the scan",
    validate: |args| only_args(args, &[]),
    eval,
};

/// (runtime identifier, deprecation date as year, month, day).
const DEPRECATION: &[(&str, (i64, i64, i64))] = &[
    // Dates still in the future when this table was written; they take effect on their day.
    ("nodejs22.x", (2027, 4, 30)),
    ("nodejs20.x", (2026, 4, 30)),
    ("python3.12", (2028, 10, 31)),
    ("python3.11", (2026, 6, 30)),
    ("python3.10", (2026, 6, 30)),
    ("java17", (2026, 6, 30)),
    ("java11", (2026, 6, 30)),
    ("java8.al2", (2026, 6, 30)),
    ("dotnet8", (2026, 11, 10)),
    ("ruby3.3", (2027, 3, 31)),
    ("ruby3.2", (2026, 3, 31)),
    ("provided.al2", (2026, 6, 30)),
    // Already deprecated.
    ("python3.9", (2025, 12, 15)),
    ("nodejs18.x", (2025, 9, 1)),
    ("nodejs16.x", (2024, 6, 12)),
    ("python3.8", (2024, 10, 14)),
    ("java8", (2024, 1, 8)),
    ("dotnet7", (2024, 5, 14)),
    ("dotnet6", (2024, 11, 12)),
    ("go1.x", (2024, 1, 8)),
    ("provided", (2024, 1, 8)),
    ("nodejs14.x", (2023, 12, 4)),
    ("python3.7", (2023, 12, 4)),
    ("ruby2.7", (2023, 11, 27)),
    ("dotnetcore3.1", (2023, 4, 3)),
    ("nodejs12.x", (2023, 3, 31)),
    ("python3.6", (2022, 7, 18)),
    ("dotnet5.0", (2022, 5, 10)),
    ("dotnetcore2.1", (2022, 1, 5)),
    ("nodejs10.x", (2021, 7, 30)),
    ("ruby2.5", (2021, 7, 30)),
    ("python2.7", (2021, 7, 15)),
    ("nodejs8.10", (2020, 3, 6)),
    ("nodejs4.3", (2020, 3, 5)),
    ("nodejs4.3-edge", (2020, 3, 5)),
    ("nodejs6.10", (2019, 8, 12)),
    ("dotnetcore1.0", (2019, 7, 27)),
    ("dotnetcore2.0", (2019, 5, 30)),
    ("nodejs", (2016, 10, 31)),
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
#[must_use]
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `runtime` is deprecated on the day `today` (days since the epoch).
#[must_use]
pub fn deprecated_on(runtime: &str, today: i64) -> bool {
    DEPRECATION.iter().any(|(name, (y, m, d))| *name == runtime && days_from_civil(*y, *m, *d) <= today)
}

fn today() -> i64 {
    // A clock before 1970 is a broken clock; judging as of the epoch then reports only what was
    // deprecated by then, which is nothing.
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs / 86_400).unwrap_or(i64::MAX)
}

fn eval(_ctx: &Ctx<'_>, resource: &Resource, _args: &Value) -> Outcome {
    let runtime = match resource.format {
        Format::Terraform => resource.attrs.get("runtime"),
        Format::CloudFormation => resource.attrs.get("Properties").and_then(|p| p.get("Runtime")),
    };
    // A container image function: its runtime is inside the image. (A SAM function's runtime from
    // `Globals.Function.Runtime` is merged into its properties already.)
    let Some(runtime) = runtime else {
        return Outcome::no(None);
    };
    if let Some(u) = runtime.as_unknown() {
        return Outcome::unknown(format!("runtime is unknown: {}", u.reason));
    }
    match runtime.as_str() {
        Some(name) if deprecated_on(name, today()) => Outcome::yes(Some(runtime.span)),
        _ => Outcome::no(Some(runtime.span)),
    }
}

#[cfg(test)]
mod tests {
    use super::{days_from_civil, deprecated_on};

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 23), 20_780);
    }

    #[test]
    fn deprecation_depends_on_the_day() {
        let before = days_from_civil(2026, 4, 29);
        let on = days_from_civil(2026, 4, 30);
        assert!(!deprecated_on("nodejs20.x", before));
        assert!(deprecated_on("nodejs20.x", on));
        assert!(deprecated_on("python3.7", before));
        assert!(!deprecated_on("python3.13", days_from_civil(2030, 1, 1)));
        assert!(!deprecated_on("unheard-of", on));
    }
}
