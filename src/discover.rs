//! Finding the files to scan: .gitignore-aware, no symlinks followed, deterministic order.

use crate::source::Language;
use std::path::{Path, PathBuf};

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
}

/// A path given on the command line that could not be walked, or a walk error below it.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Walks `roots` and returns the source files found, sorted by display path, plus the errors
/// met on the way (each one a message; the walk goes on).
pub fn discover(roots: &[PathBuf], opts: &Options) -> (Vec<Candidate>, Vec<WalkError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
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
            match Language::from_path(root) {
                Some(language) => out.push(Candidate {
                    path: root.clone(),
                    display: display_path(root, None),
                    language,
                }),
                None => errors.push(WalkError {
                    path: root.display().to_string(),
                    message: "not a C, C++ or Rust source file".into(),
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
        let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
        walker.run(|| {
            let found = &found;
            Box::new(move |entry| {
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file())
                            && let Some(language) = Language::from_path(e.path())
                        {
                            found.0.push(Candidate {
                                path: e.path().to_path_buf(),
                                display: display_path(e.path(), Some(root)),
                                language,
                            });
                        }
                    }
                    Err(err) => found.1.push(WalkError {
                        path: root.display().to_string(),
                        message: err.to_string(),
                    }),
                }
                ignore::WalkState::Continue
            })
        });
        let (files, errs) = found.into_inner().unwrap_or_else(|e| e.into_inner());
        out.extend(files);
        errors.extend(errs);
    }
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.sort_by(|a, b| a.display.cmp(&b.display).then_with(|| a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.path == b.path);
    (out, errors)
}

/// The path shown to the user: relative to the scanned root when walking a directory that was
/// given as `.`, otherwise the path as reached from the argument.
fn display_path(path: &Path, root: Option<&Path>) -> String {
    let p = match root {
        Some(r) if r == Path::new(".") => path.strip_prefix(r).unwrap_or(path),
        _ => path,
    };
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
