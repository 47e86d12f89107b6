//! The `palisade` binary: parse the command line, run, map the outcome to an exit code
//! (0 clean, 1 findings at or above the threshold, 2 usage, configuration or I/O error).

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use palisade::app::{self, ScanOptions};
use palisade::cli::{Cli, Command, FixArgs, ListFormat, ScanArgs, ScanCommand};
use palisade::diff::base::BaseTree;
use palisade::escape::text;
use palisade::policy::{Policy, Severity};
use palisade::repo::{Symlinks, read_regular};
use palisade::report::{self, OutputFormat, RenderOptions};
use palisade::suppress::baseline;
use palisade::{config, docs};

// A scan allocates millions of small tree nodes from two threads; glibc's malloc spent a fifth of the
// CPU time in its own bookkeeping and page faults. examples/parse_only.rs uses the same allocator, so
// the floor it measures stays comparable.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // The chain may quote a configuration file or a path from the scanned tree.
            eprintln!("error: {}", text(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Fix(args) => fix(&args),
        Command::Rules { format, policy_dirs } => {
            let policies = listed_policies(policy_dirs)?;
            print!("{}", rules_listing(&policies, format));
            Ok(ExitCode::SUCCESS)
        }
        Command::Docs { out } => {
            let policies = app::policies(&ScanOptions::default())?;
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            for entry in std::fs::read_dir(&out).with_context(|| format!("reading {}", out.display()))? {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "md") {
                    std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
                }
            }
            let files = docs::generated_files(&policies);
            for (name, text) in &files {
                std::fs::write(out.join(name), text).with_context(|| format!("writing {name}"))?;
            }
            let readme_path = std::path::Path::new("README.md");
            if let Ok(readme) = std::fs::read_to_string(readme_path)
                && let Some(updated) = docs::readme_with_policies(&readme, &policies)
            {
                std::fs::write(readme_path, updated).context("writing README.md")?;
            }
            let coverage = write_coverage(&policies)?;
            eprintln!(
                "wrote {} files to {} and the README's policy list{coverage}",
                files.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir, force } => {
            let path = palisade::init::write(&dir, force)?;
            eprintln!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { id, policy_dirs } => {
            let policies = listed_policies(policy_dirs)?;
            print!("{}", explain(&policies, &id)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `docs/coverage.md` and the README's coverage sentence, when run from the repository root (the
/// control tables are read from `docs/controls/`, not embedded in the binary).
fn write_coverage(policies: &[Policy]) -> Result<String> {
    let dir = std::path::Path::new(docs::coverage::CONTROLS_DIR);
    if !dir.is_dir() {
        return Ok(String::new());
    }
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))
    };
    let (fsbp, other, reasons) =
        (read("fsbp-controls.tsv")?, read("securityhub-other-controls.tsv")?, read("uncovered.tsv")?);
    let tables = docs::coverage::Tables { fsbp: &fsbp, other: &other, reasons: &reasons };
    let coverage = docs::coverage::page(policies, &tables).map_err(anyhow::Error::msg)?;
    std::fs::write(docs::coverage::PAGE, &coverage.page).context("writing the coverage page")?;
    let readme_path = std::path::Path::new("README.md");
    if let Ok(readme) = std::fs::read_to_string(readme_path)
        && let Some(updated) = docs::coverage::readme_with_figure(&readme, &coverage.figure)
    {
        std::fs::write(readme_path, updated).context("writing README.md")?;
    }
    for problem in &coverage.problems {
        eprintln!("coverage: {problem}");
    }
    Ok(format!(", {} and the README's coverage figure", docs::coverage::PAGE))
}

/// The policies `rules` and `explain` show: built-in, the custom ones `.palisade.yml` in the current
/// directory names (a finding's help sends the user to `palisade explain ACME-…`), and `--policy-dir`.
fn listed_policies(policy_dirs: Vec<std::path::PathBuf>) -> Result<Vec<Policy>> {
    let here = std::path::Path::new(".");
    let root = palisade::repo::root_of(here).unwrap_or_else(|| here.to_path_buf());
    let mut sources = config::Sources::new(root, None);
    let config = sources.config(&here.join(config::DEFAULT_FILE), false)?.unwrap_or_default();
    let mut policy_files = Vec::new();
    for dir in &config.policy_dirs {
        policy_files.extend(sources.policies(dir)?);
    }
    Ok(app::policies(&ScanOptions { policy_dirs, policy_files, ..ScanOptions::default() })?)
}

/// The page of the policy `id` names (any case, or an alias), or, for another tool's id
/// (`ckv_aws_24`), the Palisade policies that list it as an equivalent.
fn explain(policies: &[Policy], id: &str) -> Result<String> {
    let same = |other: &str| other.eq_ignore_ascii_case(id);
    if let Some(policy) = policies.iter().find(|p| same(&p.id) || p.aliases.iter().any(|a| same(a))) {
        return Ok(docs::policy_page(policy));
    }
    let matching: Vec<(&Policy, &str)> = policies
        .iter()
        .filter_map(|p| {
            let tool = p.equivalents.iter().find(|(_, ids)| ids.iter().any(|i| same(i)))?.0;
            Some((p, tool.as_str()))
        })
        .collect();
    match matching.as_slice() {
        [] => bail!(
            "unknown policy id `{id}`: not a Palisade policy, nor an equivalent one lists (see `palisade rules`)"
        ),
        [(policy, tool)] => {
            Ok(format!("{id} ({tool}) is checked by {}.\n\n{}", policy.id, docs::policy_page(policy)))
        }
        many => {
            let mut out = format!("{id} ({}) is checked by {} policies:\n", many[0].1, many.len());
            for (policy, _) in many {
                let _ = writeln!(out, "  {:<20} {}", policy.id, policy.title);
            }
            let _ = writeln!(out, "\n`palisade explain ID` shows each.");
            Ok(out)
        }
    }
}

/// Writes the scan's baseline, keeping the `first_seen` dates of the baseline the scan used.
fn write_baseline(
    path: &std::path::Path,
    scan: &app::Scan,
    previous: Option<&baseline::Baseline>,
) -> Result<()> {
    let written = baseline::build(scan, previous, today()?);
    std::fs::write(path, baseline::to_json(&written))
        .with_context(|| format!("writing {}", path.display()))?;
    let n = written.findings.len();
    eprintln!("wrote {n} finding{} to baseline {}", if n == 1 { "" } else { "s" }, path.display());
    Ok(())
}

/// The date suppression expiries are compared with: the system date, or `PALISADE_TODAY`
/// (`YYYY-MM-DD`) so tests and reproducible CI runs can pin it.
fn today() -> Result<palisade::suppress::Date> {
    match std::env::var("PALISADE_TODAY") {
        Ok(text) => palisade::suppress::Date::parse(&text)
            .with_context(|| format!("PALISADE_TODAY=`{text}` is not a YYYY-MM-DD date")),
        Err(_) => Ok(palisade::suppress::Date::today()),
    }
}

fn rules_listing(policies: &[Policy], format: ListFormat) -> String {
    if format == ListFormat::Json {
        let list: Vec<_> = policies.iter().map(docs::rule_json).collect();
        return serde_json::to_string_pretty(&list).unwrap_or_default() + "\n";
    }
    let mut sorted: Vec<&Policy> = policies.iter().collect();
    sorted.sort_by(|a, b| (&a.service, &a.id).cmp(&(&b.service, &b.id)));
    let mut out = String::new();
    let mut service = "";
    for p in sorted {
        if p.service != service {
            service = &p.service;
            let _ = writeln!(out, "{service}");
        }
        let formats: Vec<&str> = p.formats().iter().map(|f| f.name()).collect();
        let _ =
            writeln!(out, "  {:<20} {:<9} {}  [{}]", p.id, p.severity.name(), p.title, formats.join(", "));
    }
    let _ = writeln!(out, "{} policies", policies.len());
    out
}

/// A path that does not exist is said to be missing before anything is looked up beside it.
fn paths_exist(paths: &[std::path::PathBuf]) -> Result<()> {
    for path in paths {
        if let Err(e) = std::fs::symlink_metadata(path) {
            bail!("{}: {e}", palisade::escape::text(&path.to_string_lossy()));
        }
    }
    Ok(())
}

/// The command line merged over `.palisade.yml` (the command line wins), and the exit-code threshold.
///
/// Files named on the command line are the user's choice and are read where they are. Files that
/// configuration names must lie inside the repository and are read from the base revision under
/// `--diff-base`, as is the default configuration file itself: see [`config::Sources`].
fn scan_options(args: &ScanArgs) -> Result<(ScanOptions, Severity)> {
    paths_exist(&args.paths)?;
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let dir = if first.is_file() {
        first.parent().map(std::path::Path::to_path_buf).unwrap_or_default()
    } else {
        first
    };
    let root = palisade::repo::root_of(if dir.as_os_str().is_empty() { ".".as_ref() } else { &dir })
        .unwrap_or_else(|| dir.clone());
    let base = args.diff_base.as_deref().map(|b| BaseTree::open(b, &args.paths)).transpose()?;
    let mut sources = config::Sources::new(root, base.as_ref());
    let config_path = args.config.clone().unwrap_or_else(|| dir.join(config::DEFAULT_FILE));
    let config = sources.config(&config_path, args.config.is_some())?.unwrap_or_default();

    let threshold = match &args.severity_threshold {
        Some(s) => Severity::parse(s)
            .with_context(|| format!("unknown severity `{s}` (critical, high, medium, low, info)"))?,
        None => config.severity_threshold.unwrap_or(Severity::Low),
    };
    let mut vars = Vec::new();
    for v in &args.vars {
        let Some((name, value)) = v.split_once('=') else { bail!("--var needs NAME=VALUE, got `{v}`") };
        vars.push((name.trim().to_string(), value.to_string()));
    }
    let load_parameters = |shown: &str, text: &str| {
        palisade::eval::cloudformation::load_parameters(text).map_err(|e| anyhow::anyhow!("{shown}: {e}"))
    };
    let cfn_parameters = match (&args.cfn_parameters, &config.cfn_parameters) {
        (Some(path), _) => {
            let bytes = read_regular(path, config::MAX_PARAMETERS_BYTES, Symlinks::Follow)
                .with_context(|| format!("reading {}", path.display()))?;
            load_parameters(&path.display().to_string(), &String::from_utf8_lossy(&bytes))?
        }
        (None, Some(path)) => {
            let text = sources.read("cfn_parameters", path, config::MAX_PARAMETERS_BYTES)?;
            let shown = sources.display(path);
            load_parameters(
                &shown,
                &text.with_context(|| format!("cfn_parameters: {shown} does not exist"))?,
            )?
        }
        (None, None) => palisade::eval::cloudformation::Parameters::default(),
    };
    let baseline = match (&args.baseline, &config.baseline) {
        // The first `--write-baseline` creates the file the configuration names.
        (Some(path), _) if args.write_baseline.is_some() && !path.exists() => None,
        (Some(path), _) => {
            Some(baseline::Loaded { baseline: baseline::load(path)?, display: app::display_path(path) })
        }
        (None, Some(path)) if args.write_baseline.is_some() && !path.exists() => None,
        (None, Some(path)) => {
            let text = sources.read("baseline", path, baseline::MAX_BYTES)?;
            let display = sources.display(path);
            let text = text.with_context(|| format!("baseline: {display} does not exist"))?;
            Some(baseline::Loaded { baseline: baseline::parse(&display, &text)?, display })
        }
        (None, None) => None,
    };
    let mut policy_files = Vec::new();
    for dir in &config.policy_dirs {
        policy_files.extend(sources.policies(dir)?);
    }
    let mut config_var_files = Vec::new();
    for path in &config.var_files {
        config_var_files.push(sources.watch("var_files", path, palisade::app::MAX_FILE_BYTES)?);
    }
    let options = ScanOptions {
        paths: args.paths.clone(),
        exclude: config.exclude.iter().chain(&args.exclude).cloned().collect(),
        policy_dirs: args.policy_dirs.clone(),
        policy_files,
        only: if args.only.is_empty() { config.only.clone() } else { args.only.clone() },
        skip: config.skip.iter().chain(&args.skip).cloned().collect(),
        terraform: palisade::eval::terraform::Options {
            var_files: args.var_files.clone(),
            vars,
            no_module_cache: args.no_module_cache || config.module_cache == Some(false),
            ..palisade::eval::terraform::Options::default()
        },
        cfn_parameters,
        cfn_parameters_file: args.cfn_parameters.clone().or_else(|| config.cfn_parameters.clone()),
        settings: palisade::policy::engine::Settings {
            required_tags: config.required_tags.clone(),
            backup_tag: config.backup_tag.clone(),
        },
        severity: config.severity.clone(),
        suppress: palisade::suppress::Options {
            today: Some(today()?),
            report_unused: args.report_unused_suppressions || config.report_unused_suppressions,
        },
        baseline,
        diff_base: args.diff_base.clone(),
        config_var_files,
        plan_source: args.plan_source.clone(),
        notices: sources.changed,
        id_locations: config.id_locations.clone(),
        overlay: palisade::app::Overlay::default(),
        // SARIF `fixes` are planned from the scan, which then keeps the templates it parsed.
        keep_templates: args.sarif_fixes,
    };
    Ok((options, threshold))
}

/// What SARIF uris are relative to: `--root`, else the git top-level of the first scanned path (GitHub
/// resolves uris against the repository root, wherever the scan ran), else nothing (the current
/// directory).
fn report_root(args: &ScanArgs) -> Result<Option<std::path::PathBuf>> {
    if let Some(dir) = &args.root {
        return dir.canonicalize().map(Some).with_context(|| format!("--root {}", dir.display()));
    }
    let first = args.paths.first().map_or_else(|| std::path::Path::new("."), |p| p.as_path());
    Ok(palisade::repo::root_of(first).filter(|root| std::fs::symlink_metadata(root.join(".git")).is_ok()))
}

fn scan(command: &ScanCommand) -> Result<ExitCode> {
    let args = &command.scan;
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().context("setting --jobs")?;
    }
    let (options, threshold) = scan_options(args)?;
    if options.diff_base.is_some() && args.write_baseline.is_some() {
        bail!("--write-baseline records the whole project; it cannot be combined with --diff-base");
    }
    let (scan, unwritten) = if command.fix.fix {
        fixed_scan(args, &options, command.fix.unsafe_fixes)?
    } else {
        (app::scan(&options)?, false)
    };
    let parse_failures = scan.project.diagnostics.iter().any(|d| d.level == palisade::diag::DiagLevel::Error);
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &scan, options.baseline.as_ref().map(|l| &l.baseline))?;
        // Recording today's findings is the point: they do not fail this run, and are not printed
        // unless a report was asked for.
        if args.formats.is_empty() && args.outputs.is_empty() {
            return Ok(if unwritten || (args.strict && parse_failures) {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
    }
    let failing = args.write_baseline.is_none()
        && scan.gated().any(|f| f.suppression.is_none() && f.severity >= threshold);

    // `-o report.sarif` alone: the extension says which report is wanted.
    let formats = match (args.formats.is_empty(), args.outputs.is_empty()) {
        (true, true) => vec![OutputFormat::Text],
        (true, false) => args.outputs.iter().map(|p| OutputFormat::from_extension(p)).collect(),
        (false, _) => args.formats.clone(),
    };
    if args.outputs.len() > formats.len() {
        bail!("more --output files than --format options");
    }
    if formats.len() - args.outputs.len() > 1 {
        bail!("only one --format can go to standard output; give the others an --output file");
    }
    let root = report_root(args)?;
    let stdout_is_tty = std::io::stdout().is_terminal();
    let timer = app::PhaseTimer::from_env();
    for (i, format) in formats.iter().enumerate() {
        let to_file = args.outputs.get(i);
        let color = to_file.is_none()
            && *format == OutputFormat::Text
            && stdout_is_tty
            && !args.no_color
            && std::env::var_os("NO_COLOR").is_none();
        let render_options = RenderOptions {
            color,
            link_base: args.link_base.clone(),
            root: root.clone(),
            sarif_fixes: args.sarif_fixes,
            ..RenderOptions::default()
        };
        let rendered = report::render(*format, &scan, &render_options);
        timer.lap(&format!("render {format:?}"));
        if let Some(path) = to_file {
            std::fs::write(path, rendered).with_context(|| format!("writing {}", path.display()))?;
        } else if !args.quiet || failing {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes()).context("writing to standard output")?;
        }
        timer.lap("write");
    }
    if args.show_unknown {
        let mut err = std::io::stderr().lock();
        for u in &scan.unknowns {
            let r = &scan.project.resources[u.resource];
            let file = &scan.project.files[r.file].display;
            let (address, file, reason) = (text(&r.address), text(file), text(&u.reason));
            let _ = writeln!(err, "unknown: {} {address} ({file}): {reason}", scan.policies[u.policy].id);
        }
        for call in &scan.project.unevaluated {
            let Some(source) = scan.project.files.get(call.at.file) else { continue };
            let line = source.line_col(call.at.span.start as usize).line;
            let (address, file, reason) = (text(&call.address), text(&source.display), text(&call.reason));
            let _ = writeln!(err, "unknown: module call {address} ({file}:{line}) not evaluated: {reason}");
        }
    }

    // Every report went to a file: a terminal user still needs to know why the exit code is 1.
    if args.outputs.len() == formats.len() && !args.quiet {
        eprintln!("{}", report::text::summary_line(&scan));
        if let Some(hint) = report::text::module_cache_hint(&scan) {
            eprintln!("{hint}");
        }
    }
    // A path with nothing to scan is most often a wrong path: "no findings" would read as a pass.
    let nothing = scan.project.files.is_empty();
    if nothing && !args.outputs.is_empty() {
        let paths: Vec<String> =
            args.paths.iter().map(|p| text(&p.display().to_string()).into_owned()).collect();
        eprintln!("palisade: no Terraform or CloudFormation files found in {}", paths.join(", "));
    }
    let code = if unwritten || (args.strict && (parse_failures || nothing)) {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends next and the operating system takes the memory back at once; freeing every
    // node of the scan one by one cost 15 to 25 ms on the corpus.
    std::mem::forget(scan);
    Ok(code)
}

/// The directory fixes are written inside: `--root`, else the git top-level of the first path.
fn fix_root(args: &ScanArgs) -> Result<std::path::PathBuf> {
    let first = args.paths.first().map_or_else(|| std::path::Path::new("."), |p| p.as_path());
    Ok(report_root(args)?
        .or_else(|| {
            palisade::repo::root_of(if first.is_file() { first.parent().unwrap_or(first) } else { first })
        })
        .unwrap_or_else(|| first.to_path_buf()))
}

/// Scans, plans and verifies the fixes; names on standard error each fixable finding left as it is,
/// with the reason (unless `quiet`).
fn fix_run(args: &ScanArgs, options: &ScanOptions, unsafe_fixes: bool, quiet: bool) -> Result<app::FixRun> {
    let fix_options = palisade::fix::Options {
        unsafe_fixes,
        root: fix_root(args)?,
        gated_only: true,
        ..Default::default()
    };
    let run = app::fix(options, fix_options)?;
    if quiet {
        return Ok(run);
    }
    let mut err = std::io::stderr().lock();
    for n in &run.plan.not_fixed {
        let f = &run.before.findings[n.finding];
        let file = &run.before.project.files[f.file];
        let line = file.line_col(f.span.start as usize).line;
        let address = f.resources.first().map(|r| r.qualified().into_owned()).unwrap_or_default();
        let _ = writeln!(
            err,
            "{}:{line}: {} {}: no automatic fix: {}",
            text(&file.display),
            f.rule_id,
            text(&address),
            text(&n.reason)
        );
    }
    Ok(run)
}

/// `scan --fix`: `palisade fix`, then the scan of the files as it left them (the verifying scan read
/// exactly the texts it wrote), and whether a file could not be written.
fn fixed_scan(args: &ScanArgs, options: &ScanOptions, unsafe_fixes: bool) -> Result<(app::Scan, bool)> {
    let run = fix_run(args, options, unsafe_fixes, args.quiet)?;
    let unwritten = !write_fixes(&run);
    Ok(match run.after {
        Some(after) => {
            // As at the end of `scan`: the process ends soon and takes the memory back at once.
            std::mem::forget(run.before);
            (after, unwritten)
        }
        None => (run.before, unwritten),
    })
}

/// Writes the verified fixes and says which files changed; false when a file could not be written.
fn write_fixes(run: &app::FixRun) -> bool {
    let failed = app::write_fixes(&run.plan);
    let mut err = std::io::stderr().lock();
    for (display, e) in &failed {
        let _ = writeln!(err, "palisade: could not write {}: {e}", text(display));
    }
    for file in &run.plan.files {
        if !failed.iter().any(|(d, _)| *d == file.display) {
            let n = file.edits.len();
            let _ = writeln!(
                err,
                "fixed {n} finding{} in {}",
                if n == 1 { "" } else { "s" },
                text(&file.display)
            );
        }
    }
    failed.is_empty()
}

/// `palisade fix`: the verified fixes written in place, or shown as a diff (or, with `--format
/// json`, as the edits of each finding); the reasons for the fixable findings left as they are on
/// standard error.
fn fix(args: &FixArgs) -> Result<ExitCode> {
    let scan_args = &args.scan;
    if let Some(jobs) = scan_args.jobs {
        rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global().context("setting --jobs")?;
    }
    let (options, threshold) = scan_options(scan_args)?;
    let json = match (scan_args.formats.as_slice(), scan_args.outputs.len()) {
        ([] | [OutputFormat::Text], 0) => false,
        ([OutputFormat::Json], 0 | 1) if args.diff => true,
        ([] | [OutputFormat::Text], 1) if args.diff => false,
        _ => bail!(
            "`fix --diff` prints a unified diff, or with `--format json` the edits; `fix` prints no report"
        ),
    };
    let run = fix_run(scan_args, &options, args.unsafe_fixes || args.diff, false)?;
    if args.diff {
        let rendered = if json {
            let root = fix_root(scan_args)?;
            let changed: Option<palisade::fix::suggest::ChangedLines> = match &scan_args.diff_base {
                Some(base) => Some(
                    palisade::diff::git::changes(base, &scan_args.paths)?
                        .into_iter()
                        .map(|(path, change)| (path, change.ranges))
                        .collect(),
                ),
                None => None,
            };
            palisade::fix::suggest::json(&run.before, &run.plan, &root, changed.as_ref())
        } else {
            run.plan
                .files
                .iter()
                .map(|file| palisade::fix::diff::unified(&file.display, &file.original, &file.fixed))
                .collect()
        };
        if let Some(path) = scan_args.outputs.first() {
            std::fs::write(path, rendered).with_context(|| format!("writing {}", path.display()))?;
        } else {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes()).context("writing to standard output")?;
        }
        let code = if run.plan.files.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
        // As at the end of `scan`: the process ends next and takes the memory back at once.
        std::mem::forget(run);
        return Ok(code);
    }
    let written = write_fixes(&run);
    let result = run.result();
    eprintln!("{}", report::text::summary_line(result));
    let failing = result.gated().any(|f| f.suppression.is_none() && f.severity >= threshold);
    let parse_failures =
        result.project.diagnostics.iter().any(|d| d.level == palisade::diag::DiagLevel::Error);
    let code = if !written || (scan_args.strict && parse_failures) {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // Two scans' worth of memory: freeing it node by node cost 40 to 70 ms on the corpus.
    std::mem::forget(run);
    Ok(code)
}
