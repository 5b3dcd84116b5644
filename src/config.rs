//! Project configuration: `mapi-lint.toml` (searched upward from the scanned root) or
//! `[workspace.metadata.mapi-lint]` / `[package.metadata.mapi-lint]` in `Cargo.toml`.
//! Unknown keys are errors naming the key and the file.

use crate::rules::{Level, Rule};
use crate::source::{LANGUAGE_NAMES, Language};
use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Globs (relative to the configuration's directory) of files to scan; empty: all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files never to scan.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Per-rule level: `allow`, `warn` or `deny`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    /// Project check macros: name -> what they do on failure (`return`, `throw`,
    /// `goto LABEL`), e.g. `CHK = "goto Cleanup"`.
    #[serde(default)]
    pub check_macros: BTreeMap<String, String>,
    /// Project smart-pointer class templates that release what they hold at scope end.
    #[serde(default)]
    pub smart_pointers: Vec<String>,
    /// Project functions that never return (`MyDie`), for those the analysis cannot see:
    /// a path into one ends there.
    #[serde(default)]
    pub noreturn: Vec<String>,
    /// Annotation macros to ignore before parsing (export macros...).
    #[serde(default)]
    pub ignore_macros: Vec<String>,
    /// `forbid` (default): `Logoff` with `MAPI_LOGOFF_SHARED` is reported. `require`: a
    /// project that targets the pre-2007-SP2 behaviour asks for the flag whenever a session
    /// is logged on with `MAPI_ALLOW_OTHERS`.
    #[serde(default)]
    pub logoff_shared_flag: LogoffSharedPolicy,
    /// Extra file patterns per language (`c`, `cpp`, `rust`), e.g.
    /// `cpp = ["*.mcc", "*.mh"]`: such files are scanned as that language.
    #[serde(default)]
    pub languages: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleLevel {
    Allow,
    Warn,
    Deny,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogoffSharedPolicy {
    #[default]
    Forbid,
    Require,
}

/// A configuration and where it came from.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The file it was read from (none: defaults).
    pub file: Option<PathBuf>,
    /// The directory globs are relative to.
    pub root: PathBuf,
}

impl Loaded {
    /// Searches upward from `start` for `mapi-lint.toml`, then for a `Cargo.toml` with
    /// `[workspace.metadata.mapi-lint]` or `[package.metadata.mapi-lint]`.
    pub fn discover(start: &Path) -> anyhow::Result<Loaded> {
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if start.is_file() {
            start.parent().map(Path::to_path_buf)
        } else {
            Some(start.clone())
        };
        while let Some(d) = dir {
            let file = d.join("mapi-lint.toml");
            if file.is_file() {
                return Loaded::from_file(&file);
            }
            let cargo = d.join("Cargo.toml");
            if cargo.is_file()
                && let Some(l) = Loaded::from_cargo(&cargo)?
            {
                return Ok(l);
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        Ok(Loaded {
            root: start,
            ..Loaded::default()
        })
    }

    pub fn from_file(file: &Path) -> anyhow::Result<Loaded> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read configuration {}", file.display()))?;
        let config = parse(&text, &file.display().to_string())?;
        Ok(Loaded {
            config,
            file: Some(file.to_path_buf()),
            root: file.parent().map(Path::to_path_buf).unwrap_or_default(),
        })
    }

    fn from_cargo(file: &Path) -> anyhow::Result<Option<Loaded>> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let doc: toml::Table =
            toml::from_str(&text).with_context(|| format!("{}: not valid TOML", file.display()))?;
        let section = ["workspace", "package"].iter().find_map(|k| {
            doc.get(*k)?
                .get("metadata")?
                .get("mapi-lint")
                .map(|v| (k.to_string(), v.clone()))
        });
        let Some((k, value)) = section else {
            return Ok(None);
        };
        let name = format!("{} [{k}.metadata.mapi-lint]", file.display());
        let text = toml::to_string(&value)?;
        let config = parse(&text, &name)?;
        Ok(Some(Loaded {
            config,
            file: Some(file.to_path_buf()),
            root: file.parent().map(Path::to_path_buf).unwrap_or_default(),
        }))
    }

    /// The `[languages]` patterns as (glob, language), in the table's order. The names were
    /// checked when the file was read.
    pub fn language_patterns(&self) -> Vec<(String, Language)> {
        self.config
            .languages
            .iter()
            .filter_map(|(name, globs)| Some((Language::from_name(name)?, globs)))
            .flat_map(|(lang, globs)| globs.iter().map(move |g| (g.clone(), lang)))
            .collect()
    }

    /// Checks rule names, applies levels (`allow` removes the rule) and returns the rules.
    pub fn apply_levels(&self, rules: Vec<Rule>) -> anyhow::Result<Vec<Rule>> {
        let from = self
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        let levels: Vec<(String, RuleLevel)> = self
            .config
            .rules
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        set_levels(rules, &levels, &from)
    }
}

/// Applies `(rule, level)` pairs in order; `all` names every rule. An unknown rule is an error.
pub fn set_levels(
    mut rules: Vec<Rule>,
    levels: &[(String, RuleLevel)],
    from: &str,
) -> anyhow::Result<Vec<Rule>> {
    let mut allowed: Vec<String> = Vec::new();
    for (name, level) in levels {
        if name != "all" && !rules.iter().any(|r| r.id == *name) {
            let known: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
            bail!(
                "{from}: unknown rule `{name}` (known rules: {})",
                known.join(", ")
            );
        }
        for r in rules.iter_mut().filter(|r| name == "all" || r.id == *name) {
            allowed.retain(|a| *a != r.id);
            match level {
                RuleLevel::Allow => allowed.push(r.id.clone()),
                RuleLevel::Warn => r.level = Level::Warning,
                RuleLevel::Deny => r.level = Level::Error,
            }
        }
    }
    rules.retain(|r| !allowed.contains(&r.id));
    Ok(rules)
}

fn parse(text: &str, name: &str) -> anyhow::Result<Config> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| {
            text.as_bytes()[..s.start.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        match line {
            Some(l) => anyhow::anyhow!("{name}:{l}: {}", e.message().trim()),
            None => anyhow::anyhow!("{name}: {}", e.message().trim()),
        }
    })?;
    for (m, action) in &config.check_macros {
        if check_macro_body(action).is_none() {
            bail!("{name}: check-macros.{m}: `{action}` is not `return`, `throw` or `goto LABEL`");
        }
    }
    for g in config.include.iter().chain(config.exclude.iter()) {
        globset::Glob::new(g).with_context(|| format!("{name}: bad glob `{g}`"))?;
    }
    for (lang, globs) in &config.languages {
        if Language::from_name(lang).is_none() {
            bail!(
                "{name}: languages.{lang}: unknown language `{lang}` (known: {})",
                LANGUAGE_NAMES.join(", ")
            );
        }
        for g in globs {
            globset::Glob::new(g)
                .with_context(|| format!("{name}: languages.{lang}: bad glob `{g}`"))?;
        }
    }
    Ok(config)
}

/// An `--ext EXT=LANG` value (`mcc=cpp`, `.mh=cpp`) as the pattern `*.EXT` and its language.
pub fn parse_ext(value: &str) -> Result<(String, Language), String> {
    let Some((ext, lang)) = value.split_once('=') else {
        return Err(format!(
            "`{value}` is not EXT=LANG (e.g. `mcc=cpp`; languages: {})",
            LANGUAGE_NAMES.join(", ")
        ));
    };
    let ext = ext.trim().trim_start_matches('.');
    let lang = lang.trim();
    if ext.is_empty() || ext.contains(['/', '\\', '*', '?', '[', ']', '{', '}', '=']) {
        return Err(format!(
            "`{value}`: `{ext}` is not a file extension (write it without `*` or `/`: `mcc=cpp`)"
        ));
    }
    let language = Language::from_name(lang).ok_or_else(|| {
        format!(
            "`{value}`: unknown language `{lang}` (known: {})",
            LANGUAGE_NAMES.join(", ")
        )
    })?;
    Ok((format!("*.{ext}"), language))
}

/// The C body a configured check macro stands for (`goto Cleanup` ->
/// `if (FAILED(x)) goto Cleanup;`), understood like a scanned `#define`.
pub fn check_macro_body(action: &str) -> Option<String> {
    let a = action.trim();
    let stmt = match a {
        "return" => "return x;".to_string(),
        "throw" => "throw x;".to_string(),
        _ => {
            let label = a.strip_prefix("goto")?.trim();
            if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            format!("goto {label};")
        }
    };
    Some(format!("if (FAILED(x)) {stmt}"))
}

/// Include/exclude globs, matched against paths relative to the configuration's directory.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    root: PathBuf,
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl Filter {
    pub fn new(l: &Loaded) -> anyhow::Result<Filter> {
        let set = |globs: &[String]| -> anyhow::Result<Option<globset::GlobSet>> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                b.add(globset::Glob::new(g)?);
            }
            Ok(Some(b.build()?))
        };
        Ok(Filter {
            root: std::fs::canonicalize(&l.root).unwrap_or_else(|_| l.root.clone()),
            include: set(&l.config.include)?,
            exclude: set(&l.config.exclude)?,
        })
    }

    /// Is the file at `path` to be scanned?
    pub fn accepts(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        self.include.as_ref().is_none_or(|s| s.is_match(rel))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(rel))
    }
}
