//! The command line: `mapi-lint [OPTIONS] [PATHS]...`, plus `explain` and `rules`.

use crate::report;
use crate::rules::{self, Level, Rule};
use clap::{Parser, Subcommand, ValueEnum};
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

    /// Number of worker threads (default: all cores).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,

    /// Load rule files from this directory instead of the built-in rules.
    #[arg(long, value_name = "DIR", hide = true)]
    pub rules_dir: Option<PathBuf>,

    /// Print parse statistics (files with syntax errors left after neutralisation) to stderr.
    #[arg(long, hide = true)]
    pub stats: bool,

    /// Parse without neutralising annotation macros (to measure what neutralisation buys).
    #[arg(long, hide = true)]
    pub no_neutralise: bool,

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the process exit code.
pub fn main_with_args(args: Vec<std::ffi::OsString>, cargo_mode: bool) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli, cargo_mode) {
        Ok(code) => code,
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

fn run(cli: Cli, cargo_mode: bool) -> anyhow::Result<i32> {
    let rules = load_rules(&cli)?;
    match &cli.command {
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
            let opts = scan_options(&cli, paths.clone(), rules.clone(), cargo_mode)?;
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
    let opts = scan_options(&cli, cli.paths.clone(), rules, cargo_mode)?;
    let outcome = crate::with_big_stack(move || crate::scan(&opts));
    if cli.stats {
        eprintln!(
            "mapi-lint: {} files parsed, {} with syntax errors after neutralisation",
            outcome.scanned_files(),
            outcome.files_with_syntax_errors
        );
    }
    let located: Vec<report::Located> = outcome
        .findings
        .iter()
        .map(|f| report::locate(f, &outcome.files))
        .collect();
    match cli.format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            out.write_all(report::json::render(&outcome, &located).as_bytes())?;
        }
        Format::Human => {
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
            report::human::render(&outcome, &outcome.findings, &located, &mut out)?;
        }
    }
    if outcome.internal_errors > 0 {
        eprintln!(
            "mapi-lint: error: {} internal error(s); the findings above are those of the rest of the scan",
            outcome.internal_errors
        );
        return Ok(2);
    }
    let failing = located.iter().any(|l| l.severity >= Level::Error);
    Ok(if failing { 1 } else { 0 })
}

fn scan_options(
    cli: &Cli,
    mut paths: Vec<PathBuf>,
    rules: Vec<Rule>,
    cargo_mode: bool,
) -> anyhow::Result<crate::ScanOptions> {
    if paths.is_empty() {
        if cargo_mode && let Some(root) = cargo_workspace_root() {
            std::env::set_current_dir(&root)?;
        }
        paths.push(PathBuf::from("."));
    }
    Ok(crate::ScanOptions {
        paths,
        rules,
        max_file_bytes: cli.max_file_size,
        follow_symlinks: cli.follow_symlinks,
        extra_macros: cli.ignore_macros.clone(),
        jobs: cli.jobs,
        no_neutralise: cli.no_neutralise,
        parse_only: cli.parse_only,
        smart_pointers: Vec::new(),
    })
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

/// The workspace root from `cargo metadata --no-deps` (nothing else is run).
fn cargo_workspace_root() -> Option<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v.get("workspace_root")?.as_str().map(PathBuf::from)
}
