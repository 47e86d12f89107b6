//! `docs/coverage.md`: every control of the AWS Foundational Security Best Practices standard, the
//! built-in policies that check it, or why none does. Generated from the policies and the control
//! tables under `docs/controls/` (AWS's own ids, titles and severities), so the figure the README
//! states cannot drift from what the catalog checks.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::policy::Policy;

/// One row of a control table.
#[derive(Clone, Debug)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub severity: String,
    /// `yes`, `partly` or `no`: whether a template can decide the control.
    pub checkable: String,
    pub resource_types: String,
    /// `Some("April 2024")` for a control AWS retired.
    pub retired: Option<String>,
}

/// The control tables the page is generated from, read as text so tests need no file system layout.
pub struct Tables<'a> {
    /// `fsbp-controls.tsv`: the controls of the standard.
    pub fsbp: &'a str,
    /// `securityhub-other-controls.tsv`: only its retired rows are used.
    pub other: &'a str,
    /// `uncovered.tsv`: `control_id <TAB> reason`, why no policy checks a control.
    pub reasons: &'a str,
}

/// Where the tables live in the repository, relative to its root.
pub const CONTROLS_DIR: &str = "docs/controls";
pub const PAGE: &str = "docs/coverage.md";

/// How much of the standard the catalog covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figure {
    /// Controls a template can decide (`checkable_in_iac = yes`).
    pub decidable: usize,
    /// Of those, the ones a built-in policy lists.
    pub covered: usize,
    /// Of those, the ones `uncovered.tsv` gives a reason for.
    pub reasoned: usize,
    /// Every control of the standard a built-in policy lists, decidable or not.
    pub covered_all: usize,
    /// Controls of the standard, retired ones left out.
    pub standard: usize,
    /// Rows in the page, retired controls included.
    pub rows: usize,
}

/// The coverage page and its figure.
pub struct Coverage {
    pub page: String,
    pub figure: Figure,
    /// Decidable controls with neither a policy nor a reason, and reasons given for covered controls:
    /// both make the page dishonest, so a test keeps this empty.
    pub problems: Vec<String>,
}

fn parse(text: &str, retired_only: bool) -> Result<Vec<Control>, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().ok_or("empty control table")?.split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).ok_or(format!("no column {name}"));
    let (id, title, severity, types, checkable) = (
        col("control_id")?,
        col("title")?,
        col("severity")?,
        col("resource_types")?,
        col("checkable_in_iac")?,
    );
    let mut out = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or_default().trim().to_string();
        let full = cell(title);
        // AWS flags a retired control in its title: `[retired April 2024] …`.
        let (retired, title) = match full.strip_prefix("[retired ").and_then(|rest| rest.split_once(']')) {
            Some((when, rest)) => (Some(when.trim().to_string()), rest.trim().to_string()),
            None => (None, full.clone()),
        };
        if retired_only && retired.is_none() {
            continue;
        }
        out.push(Control {
            id: cell(id),
            title,
            severity: cell(severity),
            checkable: cell(checkable),
            resource_types: cell(types),
            retired,
        });
    }
    Ok(out)
}

/// The controls of the page: the standard's, then the retired ones, in AWS's id order.
///
/// # Errors
/// A table without the expected columns.
pub fn controls(tables: &Tables) -> Result<Vec<Control>, String> {
    let mut all = parse(tables.fsbp, false)?;
    all.extend(parse(tables.other, true)?);
    all.sort_by_key(|a| id_key(&a.id));
    Ok(all)
}

/// `EC2.10` after `EC2.9`; `Autoscaling.5` beside `AutoScaling.4`.
fn id_key(id: &str) -> (String, u32, String) {
    let (service, number) = id.split_once('.').unwrap_or((id, ""));
    (service.to_ascii_lowercase(), number.parse().unwrap_or(u32::MAX), id.to_string())
}

fn reasons(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, reason)| (id.trim().to_string(), reason.trim().to_string()))
        .collect()
}

/// Why a control that is not `yes` has no policy, from the table's own judgement.
fn data_reason(control: &Control) -> String {
    if let Some(when) = &control.retired {
        return format!("retired {when}");
    }
    let account = control.resource_types.contains("AWS::::Account");
    match (control.checkable.as_str(), account) {
        ("no", _) => "decided by runtime state no template shows (credentials in use, expiry, compliance \
                      status, pending updates)"
            .to_string(),
        ("partly", true) => "decided by an account setting no template holds, unless the template happens \
                             to declare it"
            .to_string(),
        ("partly", false) => "needs a related resource, another template or a support calendar that a \
                              template may not hold"
            .to_string(),
        _ => String::new(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The page and its figure.
///
/// # Errors
/// A control table without the expected columns.
pub fn page(policies: &[Policy], tables: &Tables) -> Result<Coverage, String> {
    let controls = controls(tables)?;
    let reasons = reasons(tables.reasons);
    let mut by_control: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in policies.iter().filter(|p| p.builtin) {
        for id in p.compliance.get("fsbp").into_iter().flatten() {
            by_control.entry(id.as_str()).or_default().push(p.id.as_str());
        }
    }
    let mut figure = Figure { rows: controls.len(), ..Figure::default() };
    let mut problems = Vec::new();
    let mut table =
        String::from("| control | title | severity | policies | reason |\n|---|---|---|---|---|\n");
    for control in &controls {
        let mut ids = by_control.get(control.id.as_str()).cloned().unwrap_or_default();
        ids.sort_unstable();
        ids.dedup();
        let decidable = control.checkable == "yes" && control.retired.is_none();
        figure.decidable += usize::from(decidable);
        figure.standard += usize::from(control.retired.is_none());
        figure.covered_all += usize::from(!ids.is_empty() && control.retired.is_none());
        let given = reasons.get(&control.id);
        let reason = if ids.is_empty() {
            if decidable {
                figure.reasoned += usize::from(given.is_some());
            }
            match given {
                Some(r) => r.clone(),
                None if decidable => {
                    problems.push(format!(
                        "{}: decidable, no policy lists it and no reason is given",
                        control.id
                    ));
                    String::new()
                }
                None => data_reason(control),
            }
        } else {
            figure.covered += usize::from(decidable);
            if given.is_some() {
                problems.push(format!("{}: a reason is given but {} covers it", control.id, ids.join(", ")));
            }
            String::new()
        };
        let links: Vec<String> = ids.iter().map(|id| format!("[{id}](policies/{id}.md)")).collect();
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            control.id,
            cell(&control.title),
            control.severity,
            links.join(", "),
            cell(&reason)
        );
    }
    let mut page = String::from("# Coverage of AWS Foundational Security Best Practices\n\n");
    page.push_str(
        "Generated from `policies/` and `docs/controls/` by `cargo run -- docs`; do not edit.\n\n\
         One row per control of the Security Hub standard *AWS Foundational Security Best Practices*, \
         and the controls AWS retired. `policies` lists the built-in policies that report the control; \
         when none does, `reason` says why. Ids, titles and severities are AWS's; whether a template can \
         decide a control is the judgement recorded in `docs/controls/fsbp-controls.tsv` \
         (`checkable_in_iac`).\n\n",
    );
    let _ = writeln!(page, "{}\n", summary(&figure));
    page.push_str(&table);
    Ok(Coverage { page, figure, problems })
}

/// One sentence: the README's figure.
#[must_use]
pub fn summary(f: &Figure) -> String {
    let percent = (f.covered * 100).checked_div(f.decidable).unwrap_or(0);
    format!(
        "Of the {} controls a template can decide, {} ({percent}%) are checked by a policy and {} have a \
         recorded reason why not; {} of the standard's {} controls in all are checked.",
        f.decidable, f.covered, f.reasoned, f.covered_all, f.standard
    )
}

pub const README_START: &str = "<!-- coverage:start -->";
pub const README_END: &str = "<!-- coverage:end -->";

/// The README with its coverage sentence replaced; `None` when the markers are missing.
#[must_use]
pub fn readme_with_figure(readme: &str, figure: &Figure) -> Option<String> {
    let start = readme.find(README_START)? + README_START.len();
    let end = readme[start..].find(README_END)? + start;
    Some(format!(
        "{}\n{} See [docs/coverage.md](docs/coverage.md).\n{}",
        &readme[..start],
        summary(figure),
        &readme[end..]
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FSBP: &str = "control_id\ttitle\tseverity\tresource_types\tcis_ids\tcheckable_in_iac\tsource\n\
        EC2.10\tTen\tMedium\tAWS::EC2::VPC\t\tpartly\tu\n\
        EC2.9\tNine | pipe\tHigh\tAWS::EC2::Instance\t\tyes\tu\n\
        IAM.6\tMFA\tCritical\tAWS::::Account\t\tno\tu\n";
    const OTHER: &str = "control_id\ttitle\tseverity\tresource_types\tcis_ids\tcheckable_in_iac\tsource\n\
        SNS.2\t[retired April 2024] Delivery logging\tMedium\tAWS::SNS::Topic\t\tyes\tu\n\
        S3.14\tVersioning\tLow\tAWS::S3::Bucket\t\tyes\tu\n";

    #[test]
    fn rows_are_in_id_order_with_retired_controls_and_escaped_cells() {
        let tables = Tables { fsbp: FSBP, other: OTHER, reasons: "EC2.9\tno such attribute\n" };
        let coverage = page(&[], &tables).unwrap();
        let rows: Vec<&str> =
            coverage.page.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| control")).collect();
        assert_eq!(
            rows,
            [
                "| EC2.9 | Nine \\| pipe | High |  | no such attribute |",
                "| EC2.10 | Ten | Medium |  | needs a related resource, another template or a support calendar that a template may not hold |",
                "| IAM.6 | MFA | Critical |  | decided by runtime state no template shows (credentials in use, expiry, compliance status, pending updates) |",
                "| SNS.2 | Delivery logging | Medium |  | retired April 2024 |",
            ]
        );
        assert_eq!(
            coverage.figure,
            Figure { decidable: 1, covered: 0, reasoned: 1, covered_all: 0, standard: 3, rows: 4 }
        );
        assert!(coverage.problems.is_empty());
    }

    #[test]
    fn a_decidable_control_without_policy_or_reason_is_a_problem() {
        let tables = Tables { fsbp: FSBP, other: OTHER, reasons: "" };
        let coverage = page(&[], &tables).unwrap();
        assert_eq!(coverage.problems, ["EC2.9: decidable, no policy lists it and no reason is given"]);
    }

    #[test]
    fn the_readme_sentence_sits_between_its_markers() {
        let figure = Figure { decidable: 4, covered: 3, reasoned: 1, covered_all: 5, standard: 8, rows: 9 };
        let readme = format!("a\n{README_START}\nold\n{README_END}\nb");
        let updated = readme_with_figure(&readme, &figure).unwrap();
        assert!(updated.contains("Of the 4 controls a template can decide, 3 (75%) are checked by a policy"));
        assert!(
            updated.starts_with("a\n<!-- coverage:start -->\n")
                && updated.ends_with("<!-- coverage:end -->\nb")
        );
    }
}
