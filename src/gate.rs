//! What decides which findings a run reports: suppression comments in the code, a baseline of
//! accepted findings, and `--diff-base` (only lines a change touched).

use crate::diagnostic::{Finding, Label};
use crate::ir::Span;
use crate::rules::Level;
use crate::source::SourceFile;
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The pseudo-rule of a suppression comment that suppressed nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// A finding silenced by a comment, with the reason written after `--`.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: Option<String>,
}

#[derive(Debug)]
struct Directive {
    file: usize,
    /// 1-based line of the comment.
    line: usize,
    span: Span,
    file_level: bool,
    rules: Vec<String>,
    reason: Option<String>,
    used: Vec<bool>,
}

fn directives(file: usize, text: &str) -> Vec<Directive> {
    let re = regex::Regex::new(
        r"(?://|/\*)\s*mapi-lint:\s*(allow|allow-file)\(([^)]*)\)(?:\s*--\s*([^*\r\n]*))?",
    )
    .expect("valid regex");
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(c) = re.captures(line) {
            let m = c.get(0).expect("match");
            let rules: Vec<String> = c[2]
                .split(',')
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            out.push(Directive {
                file,
                line: i + 1,
                span: Span {
                    file,
                    start: (offset + m.start()) as u32,
                    end: (offset + m.end()) as u32,
                },
                file_level: &c[1] == "allow-file",
                used: vec![false; rules.len()],
                rules,
                reason: c
                    .get(3)
                    .map(|r| r.as_str().trim().to_string())
                    .filter(|r| !r.is_empty()),
            });
        }
        offset += line.len();
    }
    out
}

/// Applies `// mapi-lint: allow(rule)` (on the finding's line or the line before) and
/// `// mapi-lint: allow-file(rule)`. Returns the findings kept, those suppressed, and a warning
/// for each suppression of an enabled rule that suppressed nothing (or names no known rule).
pub fn suppress(
    findings: Vec<Finding>,
    files: &[SourceFile],
    enabled: &[String],
    known: &[String],
) -> (Vec<Finding>, Vec<Suppressed>, Vec<Finding>) {
    let mut dirs: Vec<Directive> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.builtin && f.text.contains("mapi-lint:"))
        .flat_map(|(i, f)| directives(i, &f.text))
        .collect();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for f in findings {
        let file = f.primary.span.file;
        let (line, _) = crate::report::line_col(&files[file].text, f.primary.span.start as usize);
        let hit = dirs.iter_mut().find_map(|d| {
            let applies = d.file == file && (d.file_level || d.line == line || d.line + 1 == line);
            let k = d.rules.iter().position(|r| *r == f.rule || r == "all")?;
            applies.then(|| {
                d.used[k] = true;
                d.reason.clone()
            })
        });
        match hit {
            Some(reason) => suppressed.push(Suppressed { finding: f, reason }),
            None => kept.push(f),
        }
    }
    let mut unused = Vec::new();
    for d in &dirs {
        for (r, used) in d.rules.iter().zip(&d.used) {
            let message = if r != "all" && !known.contains(r) {
                format!("`{r}` in this suppression is not a mapi-lint rule")
            } else if !used && (r == "all" || enabled.contains(r)) {
                format!("this suppression of `{r}` suppresses nothing; remove it")
            } else {
                continue;
            };
            unused.push(Finding {
                rule: UNUSED_SUPPRESSION.into(),
                level: Level::Warning,
                message,
                primary: Label {
                    span: d.span,
                    message: "unused suppression".into(),
                },
                related: Vec::new(),
                chain: Vec::new(),
            });
        }
    }
    (kept, suppressed, unused)
}

/// 64-bit FNV-1a: a stable hash (the standard library's is not stable across releases).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// What identifies a finding across edits: its rule, file, message and the code of its
/// primary line (whitespace-normalised), never the line number.
pub fn fingerprint(f: &Finding, files: &[SourceFile]) -> String {
    let file = &files[f.primary.span.file];
    let start = f.primary.span.start as usize;
    let text = &file.text;
    let line_start = text[..start.min(text.len())]
        .rfind('\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let line_end = text[line_start..]
        .find('\n')
        .map(|p| line_start + p)
        .unwrap_or(text.len());
    let code: Vec<&str> = text[line_start..line_end].split_whitespace().collect();
    format!(
        "{:016x}",
        fnv(&[
            &f.rule,
            &file.display.replace('\\', "/"),
            &f.message,
            &code.join(" ")
        ])
    )
}

/// The fingerprint of the `n`-th (0-based) finding sharing the fingerprint `base` in one
/// report: `base` itself for the first, a hash of `base` and `n` after it, so that reports
/// which need unique fingerprints (GitLab Code Quality) keep every finding.
pub fn nth_fingerprint(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{:016x}", fnv(&[base, &n.to_string()]))
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<BaselineEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineEntry {
    rule: String,
    path: String,
    fingerprint: String,
    count: usize,
}

/// Writes today's findings as a baseline (sorted, one entry per fingerprint with its count).
pub fn write_baseline(
    path: &Path,
    findings: &[Finding],
    files: &[SourceFile],
) -> anyhow::Result<()> {
    let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for f in findings {
        let key = (
            files[f.primary.span.file].display.replace('\\', "/"),
            f.rule.clone(),
            fingerprint(f, files),
        );
        *counts.entry(key).or_default() += 1;
    }
    let doc = BaselineFile {
        version: 1,
        findings: counts
            .into_iter()
            .map(|((path, rule, fingerprint), count)| BaselineEntry {
                rule,
                path,
                fingerprint,
                count,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write baseline {}", path.display()))
}

/// Drops the findings recorded in the baseline (as many of each fingerprint as it counts).
pub fn apply_baseline(
    path: &Path,
    findings: Vec<Finding>,
    files: &[SourceFile],
) -> anyhow::Result<Vec<Finding>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read baseline {}", path.display()))?;
    let doc: BaselineFile = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a mapi-lint baseline", path.display()))?;
    if doc.version != 1 {
        bail!(
            "{}: unsupported baseline version {}",
            path.display(),
            doc.version
        );
    }
    let mut left: HashMap<String, usize> = HashMap::new();
    for e in doc.findings {
        *left.entry(e.fingerprint).or_default() += e.count;
    }
    Ok(findings
        .into_iter()
        .filter(|f| match left.get_mut(&fingerprint(f, files)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect())
}

/// Lines changed since the merge base with `base`, per absolute file path (from `git diff`;
/// the repository is only read).
pub fn changed_lines(root: &Path, base: &str) -> anyhow::Result<HashMap<PathBuf, HashSet<usize>>> {
    let dir = if root.is_file() {
        root.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        root.to_path_buf()
    };
    let git = |args: &[&str]| -> anyhow::Result<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .context("cannot run git for --diff-base")?;
        if !out.status.success() {
            bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let mb = git(&["merge-base", base, "HEAD"])?;
    let diff = git(&[
        "diff",
        "--no-color",
        "--no-ext-diff",
        "-U0",
        mb.trim(),
        "--",
    ])?;
    let mut out: HashMap<PathBuf, HashSet<usize>> = HashMap::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(p) = line.strip_prefix("+++ ") {
            current = p.strip_prefix("b/").map(|p| top.join(p));
        } else if let Some(h) = line.strip_prefix("@@ ")
            && let Some(file) = &current
        {
            // @@ -a,b +c,d @@
            let plus = h.split_whitespace().find(|t| t.starts_with('+'));
            if let Some(plus) = plus {
                let mut it = plus[1..].split(',');
                let start: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
                let count: usize = it.next().and_then(|s| s.parse().ok()).unwrap_or(1);
                out.entry(file.clone())
                    .or_default()
                    .extend(start..start + count);
            }
        }
    }
    // Untracked files are new in their entirety.
    for p in git(&["ls-files", "--others", "--exclude-standard"])?.lines() {
        out.entry(top.join(p)).or_default().insert(0);
    }
    Ok(out)
}

/// Keeps the findings with the primary or a related location on a changed line.
pub fn only_changed(
    findings: Vec<Finding>,
    files: &[SourceFile],
    changed: &HashMap<PathBuf, HashSet<usize>>,
) -> Vec<Finding> {
    let canon: Vec<Option<PathBuf>> = files
        .iter()
        .map(|f| std::fs::canonicalize(&f.path).ok())
        .collect();
    let on_changed = |span: Span| {
        let Some(Some(p)) = canon.get(span.file) else {
            return false;
        };
        let Some(lines) = changed.get(p) else {
            return false;
        };
        let (line, _) = crate::report::line_col(&files[span.file].text, span.start as usize);
        lines.contains(&0) || lines.contains(&line)
    };
    findings
        .into_iter()
        .filter(|f| on_changed(f.primary.span) || f.related.iter().any(|l| on_changed(l.span)))
        .collect()
}
