//! Reading source files: size cap, binary detection, and decoding that keeps byte offsets.

use std::path::{Path, PathBuf};

/// Files larger than this are skipped with a message (generated code, amalgamations).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Cpp,
    Rust,
}

impl Language {
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "c" | "cc" | "cpp" | "cxx" | "c++" | "h" | "hh" | "hpp" | "hxx" | "h++" | "inl" => {
                Some(Language::Cpp)
            }
            "rs" => Some(Language::Rust),
            _ => None,
        }
    }

    /// The language a `[languages]` key or an `--ext EXT=LANG` value names: `c`, `cpp` (both
    /// read by the C/C++ frontend) or `rust`.
    pub fn from_name(name: &str) -> Option<Language> {
        match name {
            "c" | "cpp" => Some(Language::Cpp),
            "rust" => Some(Language::Rust),
            _ => None,
        }
    }
}

/// The language names [`Language::from_name`] knows, for error messages.
pub const LANGUAGE_NAMES: &[&str] = &["c", "cpp", "rust"];

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as it is shown to the user (relative to the scanned root or as given).
    pub display: String,
    pub path: PathBuf,
    pub language: Language,
    /// The text; bytes that were not valid UTF-8 are replaced one for one by `?`, so every
    /// byte offset in this text is the offset in the file.
    pub text: String,
    /// True when some bytes were replaced.
    pub lossy: bool,
    /// A built-in library model, not a file of the scan.
    pub builtin: bool,
    /// A header read only for what it declares (`#include "mapi_util.h"` of a file given on
    /// the command line, outside what was asked): its macros, types and functions are used,
    /// nothing in it is reported.
    pub context: bool,
}

/// Why a file was not analysed. Shown to the user as one line; the scan goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Unreadable(String),
    Binary,
    TooLarge { size: u64, limit: u64 },
    NotAFile,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Unreadable(e) => write!(f, "cannot be read: {e}"),
            SkipReason::Binary => write!(f, "skipped: looks binary (contains NUL bytes)"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "skipped: larger than {limit} bytes ({size} bytes)")
            }
            SkipReason::NotAFile => write!(f, "skipped: not a regular file"),
        }
    }
}

pub fn load(
    path: &Path,
    display: String,
    language: Language,
    max_bytes: u64,
) -> Result<SourceFile, SkipReason> {
    let meta = std::fs::metadata(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(SkipReason::NotAFile);
    }
    if meta.len() > max_bytes {
        return Err(SkipReason::TooLarge {
            size: meta.len(),
            limit: max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    if bytes.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let (text, lossy) = decode_keeping_offsets(bytes);
    Ok(SourceFile {
        display,
        path: path.to_path_buf(),
        language,
        text,
        lossy,
        builtin: false,
        context: false,
    })
}

/// Decodes UTF-8, replacing each byte of an invalid sequence by `?` (Latin-1 and CP1252
/// comments are common in Windows code), so offsets stay those of the file.
pub fn decode_keeping_offsets(mut bytes: Vec<u8>) -> (String, bool) {
    let mut lossy = false;
    let mut pos = 0;
    loop {
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(_) => break,
            Err(e) => {
                lossy = true;
                let bad_start = pos + e.valid_up_to();
                let bad_len = e.error_len().unwrap_or(bytes.len() - bad_start);
                for b in &mut bytes[bad_start..bad_start + bad_len] {
                    *b = b'?';
                }
                pos = bad_start + bad_len;
            }
        }
    }
    // Every invalid byte was replaced by ASCII, so this cannot fail.
    let text = String::from_utf8(bytes).unwrap_or_default();
    (text, lossy)
}

/// The headers a C/C++ text names in quoted `#include "..."` directives, as written. Found
/// from the occurrences of `include` (a substring search), not line by line: every scanned
/// file is looked through, and most name no header.
pub fn quoted_includes(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("include").filter_map(|(i, _)| {
        let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        if text[line_start..i].trim() != "#" {
            return None;
        }
        let rest = text[i + "include".len()..].trim_start_matches([' ', '\t']);
        let rest = rest.strip_prefix('"')?;
        let end = rest.find(['"', '\n'])?;
        (end > 0 && rest.as_bytes()[end] == b'"').then(|| &rest[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_bytes_keep_offsets() {
        let (t, lossy) = decode_keeping_offsets(b"// caf\xe9\nint x;".to_vec());
        assert!(lossy);
        assert_eq!(t, "// caf?\nint x;");
        let (t, lossy) = decode_keeping_offsets("// café".as_bytes().to_vec());
        assert!(!lossy);
        assert_eq!(t, "// café");
        let (t, _) = decode_keeping_offsets(b"ab\xe2\x82".to_vec());
        assert_eq!(t, "ab??");
    }

    #[test]
    fn quoted_includes_are_read_as_written() {
        let text = "#include <windows.h>\n#include \"a.h\"\n  #  include \"sub/b.h\" // x\n#include \"\"\n#define X \"c.h\"\n";
        assert_eq!(
            quoted_includes(text).collect::<Vec<_>>(),
            ["a.h", "sub/b.h"]
        );
    }
}
