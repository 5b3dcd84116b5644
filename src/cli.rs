//! The command line: `mapi-lint [OPTIONS] [PATHS]...`, plus `explain` and `rules`.

use crate::config::{Loaded, LogoffSharedPolicy, RuleLevel};
use crate::report;
use crate::rules::{self, Level, Rule};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use termcolor::{ColorChoice, StandardStream};

/// Finds MAPI shutdown-protocol bugs (missing Unadvise, use after Logoff, OLE/MAPI
/// initialisation pairing and order...) in C, C++ and Rust sources.
#[derive(Debug, Parser)]
#[command(name = "mapi-lint", version, args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Exit status: 0 no error-level finding, 1 error-level findings, 2 usage or internal error.\n\
Examples:\n  mapi-lint src/\n  mapi-lint --format json . > findings.json\n  mapi-lint explain missing-unadvise"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Skip files larger than this many bytes (reported as a note).
    #[arg(long, value_name = "BYTES", default_value_t = crate::source::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,

    /// Follow symbolic links while walking directories.
    #[arg(long)]
    pub follow_symlinks: bool,

    /// Treat this macro as an annotation and ignore it before parsing (repeatable), e.g. a
    /// project export macro such as `MYLIB_API`.
    #[arg(long = "ignore-macro", value_name = "NAME")]
    pub ignore_macros: Vec<String>,

    /// Scan files with this extension as this language (repeatable; `c`, `cpp` or `rust`),
    /// e.g. `--ext mcc=cpp`; added to `[languages]` in mapi-lint.toml, and wins over it.
    #[arg(long = "ext", value_name = "EXT=LANG", value_parser = crate::config::parse_ext)]
    pub ext: Vec<(String, crate::source::Language)>,

    /// Number of worker threads (default: all cores).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    /// Load rule files from this directory instead of the built-in rules.
    #[arg(long, value_name = "DIR", hide = true)]
    pub rules_dir: Option<PathBuf>,

    /// Print statistics to stderr: files read, parsed and with syntax errors left after
    /// neutralisation, files skipped for their extension, the time of each phase, the
    /// functions whose analysis hit the state budget, and the ten slowest functions.
    #[arg(long)]
    pub stats: bool,

    /// Write what the analysis of every function cost to this file, tab-separated (for
    /// `bench/branchy.sh`).
    #[arg(long, value_name = "FILE", hide = true)]
    pub function_stats: Option<PathBuf>,

    /// Parse without neutralising annotation macros (to measure what neutralisation buys).
    #[arg(long, hide = true)]
    pub no_neutralise: bool,

    /// Read the configuration from this file instead of searching for `mapi-lint.toml` (or
    /// `[workspace.metadata.mapi-lint]` in Cargo.toml) upward from the scanned root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Turn a rule off (repeatable; `all` for every rule). Later flags win, as in clippy.
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,

    /// Report a rule as a warning (repeatable; `all` for every rule).
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,

    /// Report a rule as an error (repeatable; `all` for every rule); `-D warnings` makes
    /// every warning fail the run.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings on lines changed since the merge base with this git ref
    /// (`origin/main`); the repository is only read.
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,

    /// `cargo mapi-lint`: the Cargo.toml of the workspace to scan.
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,

    /// Per-file time budget for parsing, in seconds (a file over it is skipped with a note).
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub file_time_budget: u64,

    /// Parse every file: without it, files that mention no lifecycle API and nothing defined
    /// by files that do are not parsed (results are the same; this is for measuring).
    #[arg(long)]
    pub no_prefilter: bool,

    /// Never show a progress bar (it is shown only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// Only parse and lower the files, then stop (no analysis, no findings): the floor that
    /// `bench/compare.sh` measures the analysis against.
    #[arg(long)]
    pub parse_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the documentation of a rule.
    Explain { rule: String },
    /// List every rule with its level and summary.
    Rules,
    /// Print the call-order graph: lifecycle events per function, may-happen-before edges,
    /// call edges, and the events of findings highlighted.
    Graph {
        /// Only the functions reachable from this one (e.g. `main`, `CMyApp::InitInstance`).
        #[arg(long, value_name = "NAME")]
        entry: Option<String>,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Files or directories to scan (default: the current directory).
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions annotations, then the human report.
    Github,
    /// One line per finding: `path:line:col: level[rule] message`.
    Short,
    /// GitLab Code Quality report (`artifacts:reports:codequality`).
    Gitlab,
    /// JUnit XML (CI test reports): one test case per finding.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the process exit code.
pub fn main_with_args(args: Vec<std::ffi::OsString>, cargo_mode: bool) -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let parsed = Cli::command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (c, m)));
    let (cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // -A/-W/-D in command-line order: the last one for a rule wins.
    let mut levels: Vec<(usize, String, RuleLevel)> = Vec::new();
    for (id, level) in [
        ("allow", RuleLevel::Allow),
        ("warn", RuleLevel::Warn),
        ("deny", RuleLevel::Deny),
    ] {
        if let (Some(idx), Some(vals)) = (matches.indices_of(id), matches.get_many::<String>(id)) {
            levels.extend(idx.zip(vals).map(|(i, v)| (i, v.clone(), level)));
        }
    }
    levels.sort_by_key(|l| l.0);
    let levels = levels.into_iter().map(|(_, r, l)| (r, l)).collect();
    match run(cli, levels, cargo_mode) {
        Ok(code) => code,
        // The reader went away (`mapi-lint ... | head`): nothing left to say.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            0
        }
        Err(e) => {
            eprintln!("mapi-lint: error: {e:#}");
            2
        }
    }
}

fn load_rules(cli: &Cli) -> anyhow::Result<Vec<Rule>> {
    Ok(match &cli.rules_dir {
        Some(dir) => rules::load_dir(dir)?,
        None => rules::builtin()?,
    })
}

fn run(cli: Cli, levels: Vec<(String, RuleLevel)>, cargo_mode: bool) -> anyhow::Result<i32> {
    let rules = load_rules(&cli)?;
    match &cli.command {
        Some(Command::Explain { rule }) if rule == crate::gate::UNUSED_SUPPRESSION => {
            // Not a rule file: the gate reports it (the human output points here).
            println!(
                concat!(
                    "{}: a `// mapi-lint: allow(..)` comment that suppresses nothing (warning)\n\n",
                    "A suppression whose finding is gone, or that names a rule that does not report\n",
                    "on its line or the next, hides nothing today and would hide a new finding\n",
                    "tomorrow. Remove it, or move it to the line the finding is on."
                ),
                crate::gate::UNUSED_SUPPRESSION
            );
            return Ok(0);
        }
        Some(Command::Explain { rule }) => {
            let Some(r) = rules.iter().find(|r| r.id == *rule) else {
                let known: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
                anyhow::bail!("unknown rule `{rule}`; known rules: {}", known.join(", "));
            };
            print!("{}", explain_text(r));
            return Ok(0);
        }
        Some(Command::Rules) => {
            for r in &rules {
                println!("{:<42} {:<8} {}", r.id, r.level.to_string(), r.summary);
            }
            return Ok(0);
        }
        Some(Command::Graph {
            entry,
            format,
            paths,
        }) => {
            let (opts, _) = scan_options(&cli, paths.clone(), rules.clone(), cargo_mode)?;
            let (outcome, program) = crate::with_big_stack(move || crate::scan_program(&opts));
            let highlight: std::collections::HashSet<(usize, u32)> = outcome
                .findings
                .iter()
                .flat_map(|f| std::iter::once(&f.primary).chain(f.related.iter()))
                .map(|l| (l.span.file, l.span.start))
                .collect();
            let g = crate::engine::export::build(&program, &rules, entry.as_deref());
            let text = match format {
                GraphFormat::Dot => report::graph::dot(&g, &outcome.files, &highlight),
                GraphFormat::Mermaid => report::graph::mermaid(&g, &outcome.files, &highlight),
            };
            print!("{text}");
            return Ok(0);
        }
        None => {}
    }
    let all_ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let (mut opts, loaded) = scan_options(&cli, cli.paths.clone(), rules, cargo_mode)?;
    // Levels: the configuration's, then the command line's; `-D warnings` fails on warnings.
    let deny_warnings = levels
        .iter()
        .any(|(r, l)| r == "warnings" && *l == RuleLevel::Deny);
    let levels: Vec<(String, RuleLevel)> = levels
        .into_iter()
        .filter(|(r, _)| r != "warnings")
        .collect();
    opts.rules = loaded.apply_levels(opts.rules)?;
    opts.rules = crate::config::set_levels(opts.rules, &levels, "command line")?;
    if loaded.config.logoff_shared_flag == LogoffSharedPolicy::Require {
        for r in opts
            .rules
            .iter_mut()
            .filter(|r| r.id == "logoff-shared-flag")
        {
            r.model.require_flag = true;
        }
    }
    let rules = opts.rules.clone();
    let enabled: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let progress = !cli.no_progress && std::io::stderr().is_terminal();
    let outcome = crate::with_big_stack(move || {
        let spinner = progress.then(|| {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_message("scanning...");
            pb.enable_steady_tick(std::time::Duration::from_millis(120));
            pb
        });
        let out = crate::scan(&opts);
        if let Some(pb) = spinner {
            pb.finish_and_clear();
        }
        out
    });
    if cli.stats {
        eprintln!(
            "mapi-lint: {} files read, {} parsed, {} with syntax errors after neutralisation",
            outcome.scanned_files(),
            outcome.files_parsed,
            outcome.files_with_syntax_errors
        );
        eprintln!("mapi-lint: {}", outcome.unparsed_calls.message());
        match outcome.skipped.message() {
            Some(m) => eprintln!("mapi-lint: {m}"),
            None => eprintln!("mapi-lint: no file skipped for its extension"),
        }
        for (phase, at) in &outcome.phases {
            eprintln!("mapi-lint: {:>8.3} s  {phase}", at.as_secs_f64());
        }
        if !cli.parse_only {
            for line in analysis_stats(&outcome) {
                eprintln!("mapi-lint: {line}");
            }
        }
    }
    if let Some(path) = &cli.function_stats {
        write_function_stats(path, &outcome)?;
    }
    let files = &outcome.files;
    let (findings, suppressed, unused) =
        crate::gate::suppress(outcome.findings.clone(), files, &enabled, &all_ids);
    if let Some(path) = &cli.write_baseline {
        crate::gate::write_baseline(path, &findings, files)?;
        eprintln!(
            "mapi-lint: wrote {} finding(s) to the baseline {}",
            findings.len(),
            path.display()
        );
        return Ok(if outcome.internal_errors > 0 { 2 } else { 0 });
    }
    let mut findings = findings;
    findings.extend(unused);
    findings.sort_by_key(|f| {
        let (l, c) = report::line_col(
            &files[f.primary.span.file].text,
            f.primary.span.start as usize,
        );
        (
            files[f.primary.span.file].display.clone(),
            l,
            c,
            f.rule.clone(),
        )
    });
    if let Some(path) = &cli.baseline {
        findings = crate::gate::apply_baseline(path, findings, files)?;
    }
    if let Some(base) = &cli.diff_base {
        let root = cli
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        let changed = crate::gate::changed_lines(&root, base)?;
        findings = crate::gate::only_changed(findings, files, &changed);
    }
    let located: Vec<report::Located> = findings.iter().map(|f| report::locate(f, files)).collect();
    let suppressed_located: Vec<(report::Located, Option<String>)> = suppressed
        .iter()
        .map(|s| (report::locate(&s.finding, files), s.reason.clone()))
        .collect();
    // Formats without a place for them give the per-file notes on stderr.
    if matches!(
        cli.format,
        Format::Short | Format::Sarif | Format::Gitlab | Format::Junit
    ) {
        for n in &outcome.notes {
            eprintln!("mapi-lint: note: {}: {}", n.path, n.message);
        }
    }
    let mut out = std::io::stdout().lock();
    match cli.format {
        Format::Json => {
            out.write_all(
                report::json::render(&outcome, &located, &suppressed_located).as_bytes(),
            )?;
        }
        Format::Short => out.write_all(report::short::render(&located).as_bytes())?,
        Format::Sarif => {
            let mut results: Vec<report::sarif::Result> = located
                .iter()
                .zip(&findings)
                .map(|(l, f)| report::sarif::Result {
                    located: l,
                    fingerprint: crate::gate::fingerprint(f, files),
                    suppressed: None,
                })
                .collect();
            results.extend(
                suppressed_located
                    .iter()
                    .zip(&suppressed)
                    .map(|((l, reason), s)| report::sarif::Result {
                        located: l,
                        fingerprint: crate::gate::fingerprint(&s.finding, files),
                        suppressed: Some(reason.clone()),
                    }),
            );
            out.write_all(report::sarif::render(&rules, &results).as_bytes())?;
        }
        Format::Gitlab => {
            let issues: Vec<report::gitlab::Issue> = located
                .iter()
                .zip(&findings)
                .map(|(l, f)| report::gitlab::Issue {
                    located: l,
                    fingerprint: crate::gate::fingerprint(f, files),
                })
                .collect();
            out.write_all(report::gitlab::render(&issues).as_bytes())?;
        }
        Format::Junit => out.write_all(report::junit::render(&located).as_bytes())?,
        Format::Github => {
            out.write_all(report::github::render(&located).as_bytes())?;
            drop(out);
            let mut human = StandardStream::stdout(ColorChoice::Never);
            report::human::render(&outcome, &findings, &located, &mut human)?;
        }
        Format::Human => {
            drop(out);
            let choice = match cli.color {
                Color::Always => ColorChoice::Always,
                Color::Never => ColorChoice::Never,
                Color::Auto => {
                    use std::io::IsTerminal;
                    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                        ColorChoice::Auto
                    } else {
                        ColorChoice::Never
                    }
                }
            };
            let mut out = StandardStream::stdout(choice);
            report::human::render(&outcome, &findings, &located, &mut out)?;
        }
    }
    if outcome.internal_errors > 0 {
        eprintln!(
            "mapi-lint: error: {} internal error(s); the findings above are those of the rest of the scan",
            outcome.internal_errors
        );
        return Ok(2);
    }
    let fail_at = if deny_warnings {
        Level::Warning
    } else {
        Level::Error
    };
    let failing = located.iter().any(|l| l.severity >= fail_at);
    Ok(if failing { 1 } else { 0 })
}

fn scan_options(
    cli: &Cli,
    mut paths: Vec<PathBuf>,
    rules: Vec<Rule>,
    cargo_mode: bool,
) -> anyhow::Result<(crate::ScanOptions, Loaded)> {
    if paths.is_empty() {
        if cargo_mode {
            let root = cargo_workspace_root(cli.manifest_path.as_deref())?;
            std::env::set_current_dir(&root)?;
        }
        paths.push(PathBuf::from("."));
    }
    let loaded = match &cli.config {
        Some(file) => Loaded::from_file(file)?,
        None => Loaded::discover(&paths[0])?,
    };
    let opts = crate::ScanOptions {
        max_file_bytes: cli.max_file_size,
        follow_symlinks: cli.follow_symlinks,
        jobs: cli.jobs,
        no_neutralise: cli.no_neutralise,
        parse_only: cli.parse_only,
        file_time_budget: Some(std::time::Duration::from_secs(cli.file_time_budget)),
        prefilter: !cli.no_prefilter,
        languages: crate::discover::LanguageMap::new(std::path::Path::new("."), cli.ext.clone())?,
        ..crate::ScanOptions::new(paths, rules)
    }
    .configured(&loaded, &cli.ignore_macros)?;
    Ok((opts, loaded))
}

/// The text `mapi-lint explain <rule>` prints.
pub fn explain_text(r: &Rule) -> String {
    format!(
        "{id} ({level})\n\n{summary}\n\nWhy is this bad?\n{why}\n\nExample\n{example}\n\nUse instead\n{instead}\n",
        id = r.id,
        level = r.level,
        summary = r.summary,
        why = r.docs.why.trim(),
        example = r.docs.example.trim(),
        instead = r.docs.instead.trim(),
    )
}

/// The workspace root from `cargo metadata --no-deps` (nothing else is run: no build
/// scripts, no dependency resolution).
fn cargo_workspace_root(manifest: Option<&std::path::Path>) -> anyhow::Result<PathBuf> {
    let mut cmd = cargo_metadata::MetadataCommand::new();
    cmd.no_deps();
    if let Some(m) = manifest {
        cmd.manifest_path(m);
    }
    let meta = cmd
        .exec()
        .map_err(|e| anyhow::anyhow!("cannot find the cargo workspace: {e}"))?;
    Ok(meta.workspace_root.into_std_path_buf())
}

/// `path:line` of a span.
fn place(outcome: &crate::ScanOutcome, span: crate::ir::Span) -> String {
    let file = &outcome.files[span.file];
    let (line, _) = report::line_col(&file.text, span.start as usize);
    format!("{}:{line}", file.display)
}

/// The `--stats` lines about the analysis: how many functions, which of them hit the state
/// budget, and the ten slowest.
fn analysis_stats(outcome: &crate::ScanOutcome) -> Vec<String> {
    let fns = &outcome.functions;
    let states: usize = fns.iter().map(|f| f.states).sum();
    let widened: usize = fns.iter().map(|f| f.widened).sum();
    let widened_fns = fns.iter().filter(|f| f.widened > 0).count();
    let time: std::time::Duration = fns.iter().map(|f| f.time).sum();
    // Per function (a span names one), the rules that hit the budget, in rule order.
    let mut hit: Vec<(crate::ir::Span, &str, Vec<&str>)> = Vec::new();
    for a in &outcome.approximations {
        match hit.iter_mut().find(|h| h.0 == a.span) {
            Some(h) => h.2.push(&a.rule),
            None => hit.push((a.span, &a.function, vec![&a.rule])),
        }
    }
    let mut lines = vec![format!(
        "analysis: {} functions analysed, {states} states explored, {widened} widened where paths join (in {widened_fns} functions), {:.3} s summed over functions; {} hit the state budget ({} states per rule)",
        fns.len(),
        time.as_secs_f64(),
        hit.len(),
        crate::engine::STATE_BUDGET
    )];
    for (span, name, rules) in &hit {
        let nodes = fns
            .iter()
            .find(|f| f.span == *span)
            .map_or(0, |f| f.cfg_nodes);
        lines.push(format!(
            "state budget hit: {name} at {} (CFG {nodes} nodes; rules {}): analysed only in part",
            place(outcome, *span),
            rules.join(", ")
        ));
    }
    let mut slow: Vec<&crate::engine::FunctionStat> = fns.iter().collect();
    slow.sort_by(|a, b| {
        b.time
            .cmp(&a.time)
            .then_with(|| a.function.cmp(&b.function))
    });
    slow.truncate(10);
    if !slow.is_empty() {
        lines.push(
            "slowest functions: time, states (summed over rules), CFG nodes, branches, function, place"
                .to_string(),
        );
    }
    for f in slow {
        lines.push(format!(
            "{:>10.3} ms {:>9} states {:>7} nodes {:>5} branches  {}  {}",
            f.time.as_secs_f64() * 1e3,
            f.states,
            f.cfg_nodes,
            f.branches,
            f.function,
            place(outcome, f.span)
        ));
    }
    lines
}

/// `--function-stats FILE`: one tab-separated line per analysed function, with a header.
fn write_function_stats(
    path: &std::path::Path,
    outcome: &crate::ScanOutcome,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let mut text =
        String::from("function\tplace\tcfg_nodes\tbranches\trules\tstates\tmicros\tbudget_hit\n");
    for f in &outcome.functions {
        let hit = outcome.approximations.iter().any(|a| a.span == f.span);
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            f.function,
            place(outcome, f.span),
            f.cfg_nodes,
            f.branches,
            f.rules,
            f.states,
            f.time.as_micros(),
            u8::from(hit)
        ));
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
