//! The byte-level pre-filter: most files of a real client never touch MAPI, and are not parsed.
//!
//! A file is parsed when it mentions (as a whole identifier) a name that matters: a lifecycle
//! API name of the rules, or the name of a function, method or class defined in a file already
//! found to matter (a caller or user of code that matters). The set grows to a fixpoint:
//! scan for the API names, parse those files, add the names they define, scan again. Files
//! defining check macros (`#define CHK(x) if (FAILED(x)) goto Cleanup`) always matter, and so
//! do files defining a free function that code carrying events hands arguments to (whether it
//! keeps a handle it is given decides who must release it).

use crate::ir::Function;
use crate::rules::{Check, Rule, Scope};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Methods every COM class defines: their names say nothing about which files matter.
const COMMON_METHODS: &[&str] = &[
    "QueryInterface",
    "AddRef",
    "Release",
    "OnNotify",
    "new",
    "drop",
    "default",
    "fmt",
    "clone",
    "main",
];

/// The names whose mention makes a file matter to these rules.
pub fn seed_names(rules: &[Rule]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |n: &str| {
        // `Logon::new` is mentioned as `Logon`.
        let first = n.split("::").next().unwrap_or(n);
        if !first.is_empty() {
            names.insert(first.to_string());
        }
    };
    for r in rules {
        let m = &r.model;
        // A rule that judges only what is held at `report-held-at` (open-object-at-logoff)
        // needs that call in the function: its starts alone (`QueryInterface`) do not matter.
        let held_only = !m.leak_at_exit && !m.report_held_at.is_empty();
        for res in &m.resources {
            if !held_only {
                res.start.iter().for_each(|p| add(&p.name));
            }
            // A handle's end matters only where a start is (or for use-after-end).
            if res.scope == Scope::Global || m.check == Check::UseAfterEnd {
                res.end.iter().for_each(|p| add(&p.name));
            }
        }
        for p in m
            .report_held_at
            .iter()
            .chain(&m.first)
            .chain(&m.then)
            .chain(&m.reset)
            .chain(&m.calls)
        {
            add(&p.name);
        }
        m.from.iter().for_each(|f| add(f));
    }
    names
}

/// One round of the fixpoint over the functions parsed so far. Grows `names` and returns
/// what was new, and the helpers whose definitions must be looked for:
///
/// - The names of functions that carry a lifecycle event: they call one of `names` (an API
///   name, or a function already found to carry one). A constructor or destructor with
///   events adds its class (a local of that class is the event).
/// - Free functions that functions carrying events (those calling one of the grown `names`)
///   hand arguments to, and that no parsed function defines. The engine reads a callee's body
///   to know whether it keeps a handle it is given (the COM in-parameter convention): a file
///   defining one must be parsed, even when it mentions nothing else that matters. All-caps
///   names are macros (`FAILED`, `CHK`), never such helpers.
pub fn grow(
    functions: &[&Function],
    names: &mut BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    /// What one walk over a function's calls finds.
    struct Calls<'a> {
        /// Calls a name already known (by callee name or a path segment).
        hit: bool,
        /// Calls a name already known by its callee name.
        callee_hit: bool,
        /// The names it calls that can still be added (defined here), with path segments.
        called: Vec<&'a str>,
        /// The same, callee names only.
        callees: Vec<&'a str>,
        /// Free functions it hands arguments to that no parsed function defines.
        helpers: Vec<&'a str>,
    }
    // Only a name defined here can be added below: the calls of other names (the standard
    // library, methods of unparsed classes) need no index.
    let definable: FxHashSet<&str> = functions
        .iter()
        .flat_map(|f| std::iter::once(f.name.as_str()).chain(f.class.as_deref()))
        .collect();
    let defined: FxHashSet<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    let found: Vec<Calls> = {
        let known: FxHashSet<&str> = names.iter().map(String::as_str).collect();
        functions
            .par_iter()
            .map(|f| {
                let mut out = Calls {
                    hit: false,
                    callee_hit: false,
                    called: Vec::new(),
                    callees: Vec::new(),
                    helpers: Vec::new(),
                };
                f.for_each_call(&mut |c| {
                    let name = c.callee.name();
                    out.callee_hit |= known.contains(name);
                    if definable.contains(name) {
                        out.callees.push(name);
                    }
                    let path = match &c.callee {
                        crate::ir::Callee::Function { path, .. } => {
                            if !c.args.is_empty()
                                && name.len() > 1
                                && name.chars().any(|ch| ch.is_ascii_lowercase())
                                && name
                                    .chars()
                                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                                && !defined.contains(name)
                            {
                                out.helpers.push(name);
                            }
                            Some(path.split("::"))
                        }
                        _ => None,
                    };
                    for n in std::iter::once(name).chain(path.into_iter().flatten()) {
                        out.hit |= known.contains(n);
                        if definable.contains(n) {
                            out.called.push(n);
                        }
                    }
                });
                out.called.sort_unstable();
                out.called.dedup();
                out
            })
            .collect()
    };
    let mut callers: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut work: Vec<usize> = Vec::new();
    for (i, calls) in found.iter().enumerate() {
        if calls.hit {
            work.push(i);
        }
        for &n in &calls.called {
            callers.entry(n).or_default().push(i);
        }
    }
    let mut done = vec![false; functions.len()];
    let mut new = BTreeSet::new();
    while let Some(i) = work.pop() {
        if std::mem::replace(&mut done[i], true) {
            continue;
        }
        let f = functions[i];
        // `Release`, `QueryInterface`... name every COM class's methods: only the class says
        // which files matter.
        let own = (!COMMON_METHODS.contains(&f.name.as_str())).then_some(f.name.as_str());
        for n in own.into_iter().chain(f.class.as_deref()) {
            if n.len() > 1 && !n.starts_with(['<', '?', '~']) && names.insert(n.to_string()) {
                new.insert(n.to_string());
                work.extend(callers.get(n).into_iter().flatten().copied());
            }
        }
    }
    // The grown names: those known before, plus `new` (all of them definable).
    let helpers = found
        .iter()
        .filter(|c| c.callee_hit || c.callees.iter().any(|n| new.contains(*n)))
        .flat_map(|c| c.helpers.iter())
        .filter(|n| !names.contains(**n))
        .map(|n| n.to_string())
        .collect();
    (new, helpers)
}

/// Does `rest` (the text after a function name) look like `(params) qualifiers {`?
fn definition_follows(rest: &[u8]) -> bool {
    let mut i = 0;
    while rest.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if rest.get(i) != Some(&b'(') {
        return false;
    }
    let mut depth = 0usize;
    while let Some(&b) = rest.get(i) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b';' | b'{' | b'}' => return false,
            _ => {}
        }
        i += 1;
    }
    i += 1;
    // Qualifiers: `const`, `noexcept`, `override`, `throw()`-free forms.
    while let Some(&b) = rest.get(i) {
        if b.is_ascii_whitespace() || b.is_ascii_alphanumeric() || b == b'_' {
            i += 1;
        } else {
            return b == b'{';
        }
    }
    false
}

/// Function-like macros the engine reads: check macros (they branch on a failed result) and
/// releasing macros (`#define DROP_REF(p) (p)->Release()`: a releaser, never a borrower).
static CHECK_MACRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#[ \t]*define[ \t]+(?-u:\w)+[ \t]*\((?:[^\n]|\\\n)*?(FAILED|SUCCEEDED|S_OK|hrSuccess|NOERROR|IS_ERROR|Release|Free)")
        .expect("valid regex")
});

/// Does the file define a macro that may be a check macro or a releasing macro?
pub fn defines_check_macro(text: &str) -> bool {
    text.contains("define") && CHECK_MACRO.is_match(text)
}

/// Which of `texts` (not yet marked) mention one of `names` as a whole identifier.
pub fn mentions(texts: &[&str], marked: &[bool], names: &BTreeSet<String>) -> Vec<usize> {
    select(texts, marked, names, &BTreeSet::new())
}

/// Which of `texts` (not yet marked) mention one of `mentioned` (as in [`mentions`]) or define
/// a function named in `defined`: the name, its parenthesised parameters, then (after
/// qualifiers such as `const`) a `{`. A call is followed by `;`, `)` or an operator instead.
pub fn select(
    texts: &[&str],
    marked: &[bool],
    mentioned: &BTreeSet<String>,
    defined: &BTreeSet<String>,
) -> Vec<usize> {
    if mentioned.is_empty() && defined.is_empty() {
        Vec::new()
    } else if defined.is_empty() && mentioned.len() <= FEW_NAMES {
        by_automaton(texts, marked, mentioned)
    } else {
        by_words(texts, marked, mentioned, defined)
    }
}

/// Up to this many names, a searcher with a vectorised prefilter (aho-corasick's Teddy)
/// skips most of the text; beyond it, cutting the text into words is faster.
const FEW_NAMES: usize = 48;

/// [`select`] for a few mentioned names: an automaton finds each occurrence.
fn by_automaton(texts: &[&str], marked: &[bool], names: &BTreeSet<String>) -> Vec<usize> {
    // Names are identifiers, so no match can straddle the start of an identifier: the
    // leftmost-longest match found there is the whole identifier when it is a name.
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names.iter())
        .expect("automaton");
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    texts
        .par_iter()
        .enumerate()
        .filter(|(i, t)| {
            !marked[*i] && {
                let bytes = t.as_bytes();
                ac.find_iter(**t).any(|m| {
                    let before = m.start().checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(m.end()).copied();
                    !before.is_some_and(ident) && !after.is_some_and(ident)
                })
            }
        })
        .map(|(i, _)| i)
        .collect()
}

/// [`select`] in one pass over each text: cut it into identifiers (maximal runs of
/// `[A-Za-z0-9_]`) and look each up by length and first byte, then in a hash map. The cost
/// does not grow with the number of names (the second round looks for hundreds).
fn by_words(
    texts: &[&str],
    marked: &[bool],
    mentioned: &BTreeSet<String>,
    defined: &BTreeSet<String>,
) -> Vec<usize> {
    // Each name, and whether a mention is enough (or it must be defined there).
    let mut wanted: rustc_hash::FxHashMap<&[u8], bool> = Default::default();
    for n in defined {
        wanted.insert(n.as_bytes(), false);
    }
    for n in mentioned {
        wanted.insert(n.as_bytes(), true);
    }
    // Which (length, first byte) pairs some name has; lengths of 64 and more share a row.
    let mut shape = vec![[false; 256]; 65];
    for n in wanted.keys().filter(|n| !n.is_empty()) {
        shape[n.len().min(64)][usize::from(n[0])] = true;
    }
    let mut ident = [false; 256];
    for b in 0..=255u8 {
        ident[usize::from(b)] = b.is_ascii_alphanumeric() || b == b'_';
    }
    texts
        .par_iter()
        .enumerate()
        .filter(|(i, _)| !marked[*i])
        .filter(|(_, t)| {
            let bytes = t.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if !ident[usize::from(bytes[i])] {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < bytes.len() && ident[usize::from(bytes[i])] {
                    i += 1;
                }
                let word = &bytes[start..i];
                if shape[word.len().min(64)][usize::from(word[0])]
                    && let Some(&enough) = wanted.get(word)
                    && (enough || definition_follows(&bytes[i..]))
                {
                    return true;
                }
            }
            false
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_identifiers_only() {
        let names: BTreeSet<String> = ["Logoff".to_string()].into();
        let texts = [
            "s->Logoff(0,0,0);",
            "StoreLogoff(x);",
            "Logoffs",
            "// Logoff",
        ];
        assert_eq!(mentions(&texts, &[false; 4], &names), vec![0, 3]);
        assert_eq!(
            mentions(&texts, &[true, false, false, false], &names),
            vec![3]
        );
        // The word-cutting path (many names) agrees with the automaton.
        let none = BTreeSet::new();
        assert_eq!(by_words(&texts, &[false; 4], &names, &none), vec![0, 3]);
        assert_eq!(by_automaton(&texts, &[false; 4], &names), vec![0, 3]);
    }

    #[test]
    fn many_names_and_definitions_in_one_pass() {
        let mut mentioned: BTreeSet<String> = (0..100).map(|i| format!("Fn{i}")).collect();
        mentioned.insert("Logoff".into());
        let defined: BTreeSet<String> = ["Stash".to_string()].into();
        let texts = [
            "x = Fn42(1);",
            "x = Fn420(1); Stash(p);",
            "void Stash(void *s) { }",
            "Logoff_(); _Logoff(); Logoff1",
            "a.Logoff(0);",
            "",
        ];
        assert_eq!(
            select(&texts, &[false; 6], &mentioned, &defined),
            vec![0, 2, 4]
        );
        // A name both mentioned and looked for as a definition: a mention is enough.
        mentioned.insert("Stash".into());
        assert_eq!(
            select(
                &texts,
                &[false, false, false, false, true, false],
                &mentioned,
                &defined
            ),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn definitions_not_calls() {
        let names: BTreeSet<String> = ["Stash".to_string()].into();
        let texts = [
            "void Stash(void *s)\n{\n    g = s;\n}\n",
            "static void Stash(void *s) const noexcept { }",
            "Stash(lpSession);",
            "if (Stash(p)) { }",
            "void Stash(void *s);",
            "void StashAll(void *s) { }",
        ];
        assert_eq!(
            select(&texts, &[false; 6], &BTreeSet::new(), &names),
            vec![0, 1]
        );
    }

    #[test]
    fn check_macro_headers_matter() {
        assert!(defines_check_macro(
            "#define CHK(x) \\\n  if (FAILED(x)) goto Cleanup\n"
        ));
        assert!(defines_check_macro(
            "#define DROP_REF(p) do { if (p) (p)->Release(); } while (0)\n"
        ));
        assert!(!defines_check_macro(
            "#define MAX(a, b) ((a) > (b) ? (a) : (b))\n"
        ));
    }
}
