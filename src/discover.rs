//! Finding the files to scan: .gitignore-aware, no symlinks followed, deterministic order.
//! A file's language comes from the project's language map, then from its extension.

use crate::source::Language;
use std::path::{Path, PathBuf};

/// Extra file patterns per language (`[languages]` in `mapi-lint.toml`, `--ext EXT=LANG`),
/// looked at before the built-in extensions. Patterns are matched case-insensitively (as the
/// built-in extensions are): one without a `/` against the file name, one with a `/` against
/// the path relative to the configuration's directory. The first matching pattern wins.
#[derive(Debug, Clone, Default)]
pub struct LanguageMap {
    patterns: Vec<(String, Language)>,
    root: PathBuf,
    /// Patterns without `/`, and the index in `patterns` of each.
    names: Option<(globset::GlobSet, Vec<usize>)>,
    /// Patterns with `/`, and the index in `patterns` of each.
    paths: Option<(globset::GlobSet, Vec<usize>)>,
}

impl LanguageMap {
    /// `patterns` in priority order; those with a `/` are relative to `root`.
    pub fn new(
        root: &Path,
        patterns: Vec<(String, Language)>,
    ) -> Result<LanguageMap, globset::Error> {
        let set =
            |with_slash: bool| -> Result<Option<(globset::GlobSet, Vec<usize>)>, globset::Error> {
                let mut b = globset::GlobSetBuilder::new();
                let mut idx = Vec::new();
                for (i, (p, _)) in patterns.iter().enumerate() {
                    if p.contains('/') == with_slash {
                        b.add(
                            globset::GlobBuilder::new(p)
                                .case_insensitive(true)
                                .build()?,
                        );
                        idx.push(i);
                    }
                }
                if idx.is_empty() {
                    return Ok(None);
                }
                Ok(Some((b.build()?, idx)))
            };
        let names = set(false)?;
        let paths = set(true)?;
        Ok(LanguageMap {
            root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            patterns,
            names,
            paths,
        })
    }

    /// The patterns, in priority order.
    pub fn patterns(&self) -> &[(String, Language)] {
        &self.patterns
    }

    /// The language `path` is read as: the first matching pattern's, else its extension's.
    pub fn language(&self, path: &Path) -> Option<Language> {
        let mut first: Option<usize> = None;
        if let (Some((set, idx)), Some(name)) = (&self.names, path.file_name()) {
            first = set.matches(name).into_iter().map(|m| idx[m]).min();
        }
        if let Some((set, idx)) = &self.paths {
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
            let m = set.matches(rel).into_iter().map(|m| idx[m]).min();
            first = first.into_iter().chain(m).min();
        }
        match first {
            Some(i) => Some(self.patterns[i].1),
            None => Language::from_path(path),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub display: String,
    pub language: Language,
}

#[derive(Debug, Default, Clone)]
pub struct Options {
    pub follow_symlinks: bool,
    /// Directory-walking threads (0: ignore's default).
    pub threads: usize,
    /// Which files are source files, and of which language.
    pub languages: LanguageMap,
}

/// A path given on the command line that could not be walked, or a walk error below it.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// What a walk found.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    /// The source files, sorted by display path.
    pub candidates: Vec<Candidate>,
    /// The errors met on the way (each one a message; the walk goes on).
    pub errors: Vec<WalkError>,
    /// Regular files met while walking a directory that are not source files by their name
    /// (for the count of files skipped for their extension), sorted.
    pub skipped: Vec<PathBuf>,
}

/// Walks `roots` and returns the source files found, the errors met on the way, and the
/// regular files left out for their name.
pub fn discover(roots: &[PathBuf], opts: &Options) -> Discovered {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        if !root.exists() && std::fs::symlink_metadata(root).is_err() {
            errors.push(WalkError {
                path: root.display().to_string(),
                message: "no such file or directory".into(),
            });
            continue;
        }
        if root.is_file() {
            // A file named explicitly is scanned whatever its extension says, if we know it.
            match opts.languages.language(root) {
                Some(language) => out.push(Candidate {
                    path: root.clone(),
                    display: display_path(root, None),
                    language,
                }),
                None => errors.push(WalkError {
                    path: root.display().to_string(),
                    message: "not a C, C++ or Rust source file by its name (map it to a language with `--ext EXT=LANG` or `[languages]` in mapi-lint.toml)".into(),
                }),
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(opts.follow_symlinks)
            .hidden(false)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .parents(true)
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                !(e.file_type().is_some_and(|t| t.is_dir()) && (name == ".git" || name == "target"))
            })
            .threads(opts.threads)
            .build_parallel();
        // Directories are read on several threads; the results are sorted below.
        let found = std::sync::Mutex::new((Vec::new(), Vec::new(), Vec::new()));
        let languages = &opts.languages;
        walker.run(|| {
            let found = &found;
            Box::new(move |entry| {
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        match languages.language(e.path()) {
                            Some(language) => found.0.push(Candidate {
                                path: e.path().to_path_buf(),
                                display: display_path(e.path(), Some(root)),
                                language,
                            }),
                            None => found.2.push(e.path().to_path_buf()),
                        }
                    }
                    Ok(_) => {}
                    Err(err) => found.1.push(walk_error(&err, root)),
                }
                ignore::WalkState::Continue
            })
        });
        let (files, errs, others) = found.into_inner().unwrap_or_else(|e| e.into_inner());
        out.extend(files);
        errors.extend(errs);
        skipped.extend(others);
    }
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.path == b.path);
    skipped.sort();
    skipped.dedup();
    Discovered {
        candidates: out,
        errors,
        skipped,
    }
}

/// A walk error as a note: on the file it names when it names one (a dangling symlink
/// followed, an entry gone between listing its directory and reading its type), else on the
/// root.
fn walk_error(err: &ignore::Error, root: &Path) -> WalkError {
    let mut e = err;
    loop {
        match e {
            ignore::Error::WithDepth { err, .. } => e = err,
            ignore::Error::WithPath { path, err } => {
                return WalkError {
                    path: display_path(path, Some(root)),
                    message: format!("cannot be read: {err}"),
                };
            }
            _ => {
                return WalkError {
                    path: root.display().to_string(),
                    message: err.to_string(),
                };
            }
        }
    }
}

/// The path shown to the user: relative to the scanned root when walking a directory that was
/// given as `.`, otherwise the path as reached from the argument.
pub fn display_path(path: &Path, root: Option<&Path>) -> String {
    let p = match root {
        Some(r) if r == Path::new(".") => path.strip_prefix(r).unwrap_or(path),
        _ => path,
    };
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_map_first_pattern_wins_then_the_extension() {
        let map = LanguageMap::new(
            Path::new("/nonexistent-root"),
            vec![
                ("*.mcc".into(), Language::Cpp),
                ("gen/*.rs".into(), Language::Cpp),
                ("*.RS".into(), Language::Rust),
                ("*.mcc".into(), Language::Rust),
            ],
        )
        .unwrap();
        assert_eq!(map.language(Path::new("a/b.MCC")), Some(Language::Cpp));
        assert_eq!(
            map.language(Path::new("/nonexistent-root/gen/x.rs")),
            Some(Language::Cpp)
        );
        assert_eq!(
            map.language(Path::new("/elsewhere/gen/x.rs")),
            Some(Language::Rust)
        );
        assert_eq!(map.language(Path::new("x.hpp")), Some(Language::Cpp));
        assert_eq!(map.language(Path::new("x.txt")), None);
        assert_eq!(LanguageMap::default().language(Path::new("x.mcc")), None);
    }
}
