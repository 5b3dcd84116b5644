//! Human output: rustc-style diagnostics through codespan-reporting, then a summary line.

use super::Located;
use crate::ScanOutcome;
use crate::diagnostic::Finding;
use crate::rules::Level;
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

pub fn render(
    outcome: &ScanOutcome,
    findings: &[Finding],
    located: &[Located],
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    // Only the files findings point into: indexing the lines of every scanned file would cost
    // a pass over all of them.
    let mut files = SimpleFiles::new();
    let mut ids: Vec<usize> = vec![usize::MAX; outcome.files.len()];
    for span in findings
        .iter()
        .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
        .map(|l| l.span)
    {
        if ids[span.file] == usize::MAX {
            let file = &outcome.files[span.file];
            ids[span.file] = files.add(file.display.clone(), file.text.as_str());
        }
    }
    let config = term::Config::default();
    for note in &outcome.notes {
        let d: Diagnostic<usize> =
            Diagnostic::note().with_message(format!("{}: {}", note.path, note.message));
        term::emit_to_write_style(out, &config, &files, &d).map_err(to_io)?;
    }
    for f in findings {
        let severity = match f.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        };
        let mut labels = vec![
            Label::primary(ids[f.primary.span.file], range(f.primary.span))
                .with_message(&f.primary.message),
        ];
        for l in &f.related {
            labels.push(Label::secondary(ids[l.span.file], range(l.span)).with_message(&l.message));
        }
        let mut notes = Vec::new();
        if !f.chain.is_empty() {
            let steps: Vec<String> = f
                .chain
                .iter()
                .map(|(who, at, api)| {
                    let file = &outcome.files[at.file];
                    let (line, _) = super::line_col(&file.text, at.start as usize);
                    format!("`{who}` (called at {}:{line}) calls `{api}`", file.display)
                })
                .collect();
            notes.push(format!("call chain: {}", steps.join(" before ")));
        }
        notes.push(format!("run `mapi-lint explain {}` for details", f.rule));
        let d = Diagnostic::new(severity)
            .with_code(&f.rule)
            .with_message(&f.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit_to_write_style(out, &config, &files, &d).map_err(to_io)?;
    }
    let errors = located
        .iter()
        .filter(|l| l.severity == Level::Error)
        .count();
    let warnings = located.len() - errors;
    writeln!(
        out,
        "{}",
        summary_line(outcome.scanned_files(), errors, warnings)
    )?;
    Ok(())
}

pub fn summary_line(files: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if errors + warnings == 0 {
        format!("mapi-lint: no findings in {}", plural(files, "file"))
    } else {
        format!(
            "mapi-lint: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    }
}

fn range(s: crate::ir::Span) -> std::ops::Range<usize> {
    s.start as usize..s.end.max(s.start) as usize
}

fn to_io(e: codespan_reporting::files::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}
