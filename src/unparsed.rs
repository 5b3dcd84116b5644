//! Lifecycle calls inside C/C++ code the parser could not parse, said out loud: a note per
//! call (at most [`NOTES_PER_FILE`] per file, then one counting the rest) and a total for
//! `--stats`. The frontend says which names are called in the unparsed code
//! ([`crate::frontend::cpp::unparsed_regions`], [`crate::frontend::cpp::called_names`]: an
//! identifier followed by `(`, in the bytes); those of the rules' lifecycle calls
//! ([`crate::engine::api_names`]) are the ones that count.

use crate::Note;
use crate::ir::Function;
use crate::rules::Rule;

/// Notes per file about single calls; the rest are counted in one more note.
pub const NOTES_PER_FILE: usize = 10;

/// A lifecycle call named inside unparsed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnparsedCall {
    pub name: String,
    /// Byte offset of the name in the file.
    pub offset: usize,
    /// The lowering still made a call of it (tree-sitter built a call node inside the error),
    /// so it was analysed, with whatever surrounds it possibly misread.
    pub lowered: bool,
}

/// The scan's totals (for `--stats`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Lifecycle calls inside unparsed code.
    pub calls: usize,
    /// Of them, those the lowering did not see as calls at all.
    pub not_analysed: usize,
    /// Files holding at least one.
    pub files: usize,
}

impl Totals {
    pub fn add(&mut self, calls: &[UnparsedCall]) {
        if calls.is_empty() {
            return;
        }
        self.calls += calls.len();
        self.not_analysed += calls.iter().filter(|c| !c.lowered).count();
        self.files += 1;
    }

    /// The `--stats` line.
    pub fn message(&self) -> String {
        if self.calls == 0 {
            return "no lifecycle call inside code that could not be parsed".into();
        }
        format!(
            "{} lifecycle call{} inside code that could not be parsed ({} not analysed), in {} file{}",
            self.calls,
            plural(self.calls),
            self.not_analysed,
            self.files,
            plural(self.files)
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Finds the rules' lifecycle calls by name.
pub struct Finder {
    names: rustc_hash::FxHashSet<String>,
}

impl Finder {
    pub fn new(rules: &[Rule]) -> Finder {
        Finder {
            names: crate::engine::api_names(rules)
                .map(str::to_string)
                .collect(),
        }
    }

    /// The lifecycle calls among `called` (the byte ranges of the names called inside unparsed
    /// code of `text`, [`crate::frontend::cpp::CppFile::unparsed_calls`]), in order.
    /// `functions` are the file's lowered functions: a call they hold at that name is
    /// `lowered`.
    pub fn calls(
        &self,
        text: &str,
        called: &[(usize, usize)],
        functions: &[Function],
    ) -> Vec<UnparsedCall> {
        let mut out: Vec<UnparsedCall> = called
            .iter()
            .filter_map(|&(s, e)| {
                let name = text.get(s..e)?;
                self.names.contains(name).then(|| UnparsedCall {
                    name: name.to_string(),
                    offset: s,
                    lowered: false,
                })
            })
            .collect();
        if !out.is_empty() {
            let mut spans: Vec<(u32, u32)> = Vec::new();
            for f in functions {
                f.for_each_call(&mut |c| spans.push((c.name_span.start, c.name_span.end)));
            }
            for c in &mut out {
                let at = c.offset as u32;
                c.lowered = spans.iter().any(|&(s, e)| s <= at && at < e);
            }
        }
        out
    }
}

/// The notes about `calls` of the file `path` whose text is `text`.
pub fn notes(path: &str, text: &str, calls: &[UnparsedCall]) -> Vec<Note> {
    let line = |offset: usize| {
        text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut out: Vec<Note> = calls
        .iter()
        .take(NOTES_PER_FILE)
        .map(|c| {
            let line = line(c.offset);
            let what = if c.lowered {
                "it was analysed, but the code around it may have been misread"
            } else {
                "it was not analysed"
            };
            Note {
                path: path.to_string(),
                line: Some(line),
                message: format!(
                    "`{}` at line {line} is inside code that could not be parsed; {what}",
                    c.name
                ),
            }
        })
        .collect();
    if let Some(first) = calls.get(NOTES_PER_FILE) {
        let rest = calls.len() - NOTES_PER_FILE;
        let from = line(first.offset);
        out.push(Note {
            path: path.to_string(),
            line: Some(from),
            message: format!(
                "and {rest} more lifecycle call{} inside code that could not be parsed, from line {from} on",
                plural(rest)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_note_per_call_up_to_the_cap_then_one_for_the_rest() {
        let text = "x\n".repeat(20);
        let calls: Vec<UnparsedCall> = (0..13)
            .map(|i| UnparsedCall {
                name: "Logoff".into(),
                offset: 2 * i,
                lowered: i == 1,
            })
            .collect();
        let notes = notes("a.cpp", &text, &calls);
        assert_eq!(notes.len(), NOTES_PER_FILE + 1);
        assert_eq!(
            notes[0].message,
            "`Logoff` at line 1 is inside code that could not be parsed; it was not analysed"
        );
        assert_eq!(notes[1].line, Some(2));
        assert!(
            notes[1]
                .message
                .ends_with("it was analysed, but the code around it may have been misread")
        );
        assert_eq!(
            notes[NOTES_PER_FILE].message,
            "and 3 more lifecycle calls inside code that could not be parsed, from line 11 on"
        );
        let mut sorted = notes.clone();
        sorted.sort();
        assert_eq!(sorted, notes, "a file's notes sort by line");
        let mut totals = Totals::default();
        totals.add(&calls);
        totals.add(&[]);
        assert_eq!(
            totals.message(),
            "13 lifecycle calls inside code that could not be parsed (12 not analysed), in 1 file"
        );
    }
}
