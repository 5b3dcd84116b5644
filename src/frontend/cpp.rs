//! C and C++ frontend: tree-sitter-cpp (one grammar serves both) lowered into the IR.
//!
//! Lowering never fails: syntax errors and constructs we do not model become opaque nodes
//! whose children are still searched for calls. Recursion is bounded by [`MAX_DEPTH`]; deeper
//! input is cut off into an opaque node and counted in [`CppFile::truncated`].

use crate::frontend::prep::Neutraliser;
use crate::ir::{Block, Call, Callee, Class, Expr, FileId, FnKind, Function, MacroDef, Span, Stmt};
use tree_sitter::{Node, Parser};

/// Nesting deeper than this (statements plus expressions) is not lowered.
pub const MAX_DEPTH: usize = 400;

/// What lowering one file produced.
#[derive(Debug, Default)]
pub struct CppFile {
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    pub macros: Vec<MacroDef>,
    /// Syntax-error nodes left by tree-sitter after neutralisation.
    pub error_nodes: usize,
    /// The names of the calls inside code tree-sitter could not parse ([`unparsed_regions`],
    /// [`called_names`]), as byte ranges in source order: calls the lowering may have missed.
    pub unparsed_calls: Vec<(usize, usize)>,
    /// True when nesting went past [`MAX_DEPTH`] somewhere.
    pub truncated: bool,
    /// Global objects: (name, type, declaration span).
    pub globals: Vec<(String, String, Span)>,
}

/// Field ids of the C++ grammar by name: tree-sitter resolves a field name by comparing it
/// with every field name of the grammar, once per call.
static FIELD_IDS: std::sync::LazyLock<rustc_hash::FxHashMap<String, u16>> =
    std::sync::LazyLock::new(|| {
        let lang: tree_sitter::Language = tree_sitter_cpp::LANGUAGE.into();
        (1..=lang.field_count() as u16)
            .filter_map(|id| Some((lang.field_name_for_id(id)?.to_string(), id)))
            .collect()
    });

/// Node kind names of the C++ grammar by id: `Node::kind` reads the C string and checks it is
/// UTF-8 on every call.
static KINDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let lang: tree_sitter::Language = tree_sitter_cpp::LANGUAGE.into();
    (0..lang.node_kind_count() as u16)
        .map(|id| lang.node_kind_for_id(id).unwrap_or("").to_string())
        .collect()
});

/// `child_by_field_name` with the field's id looked up once, and `kind` from a table.
trait Field<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>>;
    /// `Node::kind` (the name of the node's kind id, after aliases) without its checks.
    fn kind_name(&self) -> &'t str;
}

impl<'t> Field<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        self.child_by_field_id(*FIELD_IDS.get(name)?)
    }

    #[inline]
    fn kind_name(&self) -> &'t str {
        match KINDS.get(usize::from(self.kind_id())) {
            Some(k) if !k.is_empty() => k,
            // ERROR (id u16::MAX) and anything the table lacks.
            _ => Node::kind(self),
        }
    }
}

pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_cpp::LANGUAGE.into())
        .expect("tree-sitter-cpp grammar matches the tree-sitter library");
    parser
}

/// Parses `text` (after neutralising macros) and lowers it. `None` only when tree-sitter
/// gives up entirely (it does not on valid UTF-8 text).
pub fn lower_file(
    parser: &mut Parser,
    neutraliser: &Neutraliser,
    file: FileId,
    text: &str,
) -> Option<CppFile> {
    lower_file_within(parser, neutraliser, file, text, None).ok()
}

/// [`lower_file`] with a time budget for parsing: a file that takes longer is skipped with a
/// message saying so (never a hang on pathological input).
pub fn lower_file_within(
    parser: &mut Parser,
    neutraliser: &Neutraliser,
    file: FileId,
    text: &str,
    budget: Option<std::time::Duration>,
) -> Result<CppFile, String> {
    let prepared = neutraliser.apply(text);
    let started = std::time::Instant::now();
    let mut over = false;
    let mut check = |_: &tree_sitter::ParseState| {
        if budget.is_some_and(|b| started.elapsed() > b) {
            over = true;
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    };
    let bytes = prepared.as_bytes();
    let tree = parser.parse_with_options(
        &mut |i, _| bytes.get(i..).unwrap_or_default(),
        None,
        Some(tree_sitter::ParseOptions::new().progress_callback(&mut check)),
    );
    if over {
        parser.reset();
        return Err(format!(
            "skipped: parsing took longer than the per-file time budget of {} s",
            budget.unwrap_or_default().as_secs()
        ));
    }
    let tree = tree.ok_or_else(|| "could not be parsed; skipped".to_string())?;
    let mut l = Lower {
        src: prepared.as_bytes(),
        file,
        out: CppFile::default(),
        depth: 0,
        class_stack: Vec::new(),
    };
    let root = tree.root_node();
    l.out.error_nodes = count_errors(root);
    if l.out.error_nodes > 0 {
        l.out.unparsed_calls = called_names(bytes, &unparsed_regions(root));
    }
    l.item(root);
    Ok(l.out)
}

static NORETURN_ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\[\[\s*(?:(?:gnu|std)::)?noreturn\s*\]\]|__declspec\s*\(\s*noreturn\s*\)|__attribute__\s*\(\((?:[^()]|\([^()]*\))*\b(?:__)?noreturn(?:__)?\b(?:[^()]|\([^()]*\))*\)\)|\b(?:_Noreturn|DECLSPEC_NORETURN)\b",
    )
    .unwrap()
});
static DECLARED_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:::)?\b([A-Za-z_][A-Za-z_0-9]*)\s*\(").unwrap()
});

static TYPE_ALIAS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(concat!(
        // `typedef memory_ptr<ADRLIST, rowset_delete> adrlist_ptr;`, `typedef rowset_ptr rows_t;`
        r"\btypedef\s+(?:typename\s+)?(?P<th>(?:\w+\s*::\s*)*\w+)\s*(?:<[^;{}]*>)?\s*\b(?P<ta>\w+)\s*;",
        // `using SessionPtr = CComPtr<IMAPISession>;`, `template <class T> using P = std::unique_ptr<T, D>;`
        r"|\busing\s+(?P<ua>\w+)\s*=\s*(?:typename\s+)?(?P<uh>(?:\w+\s*::\s*)*\w+)\s*(?:<[^;{}]*>)?\s*;",
        // `_COM_SMARTPTR_TYPEDEF(IMAPISession, IID_IMAPISession);` declares `IMAPISessionPtr`.
        r"|\b_COM_SMARTPTR_TYPEDEF\s*\(\s*(?P<com>\w+)\s*,",
    ))
    .unwrap()
});

/// The type aliases `text` declares, as (alias, the last segment of the aliased type's name):
/// `typedef std::unique_ptr<IMAPISession, SessionDeleter> SessionPtr;` -> (SessionPtr,
/// unique_ptr). A text scan like [`noreturn_decls`]: the header that declares an alias is often
/// not one the pre-filter parses. Aliases of pointers (`typedef CComPtr<X>* PX;`) are not read.
pub fn type_aliases(text: &str) -> Vec<(String, String)> {
    if !text.contains("typedef") && !text.contains("using") && !text.contains("_COM_SMARTPTR") {
        return Vec::new();
    }
    let last = |m: &str| m.rsplit("::").next().unwrap_or(m).trim().to_string();
    TYPE_ALIAS
        .captures_iter(text)
        .filter_map(|c| {
            if let (Some(a), Some(h)) = (c.name("ta"), c.name("th")) {
                Some((a.as_str().to_string(), last(h.as_str())))
            } else if let (Some(a), Some(h)) = (c.name("ua"), c.name("uh")) {
                Some((a.as_str().to_string(), last(h.as_str())))
            } else {
                c.name("com")
                    .map(|i| (format!("{}Ptr", i.as_str()), "_com_ptr_t".to_string()))
            }
        })
        .filter(|(a, h)| a != h)
        .collect()
}

/// The functions `text` declares no-return: `[[noreturn]] void Fatal(..)`,
/// `__declspec(noreturn) void Die(..)`, `void Die(..) __attribute__((noreturn));`,
/// `_Noreturn`, `DECLSPEC_NORETURN`, and a `#define NORETURN <one of these>` used as a prefix.
/// A text scan: the attribute, then the first `name(` of the same declaration (after it, or
/// before it for a trailing GNU attribute).
pub fn noreturn_decls(text: &str) -> Vec<String> {
    if !text.contains("noreturn") && !text.contains("NORETURN") && !text.contains("Noreturn") {
        return Vec::new();
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut aliases: Vec<String> = Vec::new();
    for m in NORETURN_ATTR.find_iter(text) {
        // `#define NAME <attribute>`: NAME is an attribute too.
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line = text[line_start..m.start()].trim_start();
        if let Some(rest) = line.strip_prefix('#') {
            let rest = rest.trim_start();
            if let Some(def) = rest.strip_prefix("define") {
                let name: String = def
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && !def.contains('(') {
                    aliases.push(name);
                }
            }
            continue;
        }
        spans.push((m.start(), m.end()));
    }
    for a in &aliases {
        let bytes = text.as_bytes();
        let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for (i, _) in text.match_indices(a.as_str()) {
            let end = i + a.len();
            let before_ok = i == 0 || !ident(bytes[i - 1]);
            let after_ok = !bytes.get(end).copied().is_some_and(ident);
            let line_start = text[..i].rfind('\n').map_or(0, |j| j + 1);
            if before_ok && after_ok && !text[line_start..i].trim_start().starts_with('#') {
                spans.push((i, end));
            }
        }
    }
    let mut out = Vec::new();
    for (start, end) in spans {
        // Forward: up to the end of the declaration's head.
        let fwd_end = text[end..]
            .find([';', '{', '='])
            .map_or(text.len(), |i| end + i);
        let name = DECLARED_NAME
            .captures(&text[end..fwd_end])
            .map(|c| c[1].to_string())
            .or_else(|| {
                // Backward, for `void Die(const char*) __attribute__((noreturn));`.
                let back_start = text[..start].rfind([';', '{', '}']).map_or(0, |i| i + 1);
                let back: String = text[back_start..start]
                    .lines()
                    .map(|l| l.split("//").next().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(" ");
                DECLARED_NAME.captures(&back).map(|c| c[1].to_string())
            });
        if let Some(n) = name
            && !matches!(
                n.as_str(),
                "__declspec" | "__attribute__" | "alignas" | "decltype"
            )
        {
            out.push(n);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Counts ERROR and MISSING nodes (iteratively).
pub fn count_errors(root: Node) -> usize {
    if !root.has_error() {
        return 0;
    }
    let mut n = 0;
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            n += 1;
        }
        if node.has_error() {
            cursor.reset(node);
            for c in node.children(&mut cursor) {
                stack.push(c);
            }
        }
    }
    n
}

/// Node kinds whose text is no code: a call named inside one is no call.
const NOT_CODE: &[&str] = &[
    "comment",
    "string_literal",
    "raw_string_literal",
    "char_literal",
    "system_lib_string",
    "preproc_arg",
];

/// The code tree-sitter could not parse, as the byte ranges of its tokens (sorted, disjoint):
/// the tokens inside ERROR nodes, and those next to an ERROR or MISSING node (a token the
/// parser assumed, such as a `;` or `)`): in the same construct, on the line where that node
/// starts or ends (`lpSession->Release();` after a macro the parser took for a type loses
/// `lpSession->` to an ERROR and `Release()` to a declarator). Comments, literals and macro
/// bodies are no code. A function definition without syntax errors inside an ERROR node was
/// parsed (an ERROR often wraps a whole namespace whose functions all parse); one with errors
/// of its own (its name misread, say) is unparsed code throughout.
pub fn unparsed_regions(root: Node) -> Vec<(usize, usize)> {
    if !root.has_error() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cursor = root.walk();
    // (node, inside an ERROR node, the rows next to an ERROR or MISSING node whose tokens count)
    let mut stack: Vec<(Node, bool, Vec<usize>)> = vec![(root, false, Vec::new())];
    while let Some((node, inside, rows)) = stack.pop() {
        if NOT_CODE.contains(&node.kind_name()) {
            continue;
        }
        let inside = if node.is_error() {
            true
        } else {
            inside && (node.has_error() || node.kind_name() != "function_definition")
        };
        if node.child_count() == 0 {
            let next_to = rows.contains(&node.start_position().row);
            if (inside || next_to) && node.end_byte() > node.start_byte() {
                out.push((node.start_byte(), node.end_byte()));
            }
            continue;
        }
        if !inside && !node.has_error() && rows.is_empty() {
            continue;
        }
        cursor.reset(node);
        let children: Vec<Node> = node.children(&mut cursor).collect();
        let mut marks = rows;
        for c in children.iter().filter(|c| c.is_error() || c.is_missing()) {
            marks.push(c.start_position().row);
            marks.push(c.end_position().row);
        }
        marks.sort_unstable();
        marks.dedup();
        for c in children.into_iter().rev() {
            let (first, last) = (c.start_position().row, c.end_position().row);
            let rows: Vec<usize> = marks
                .iter()
                .copied()
                .filter(|r| (first..=last).contains(r))
                .collect();
            stack.push((c, inside, rows));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The identifiers called in `regions` of `src`, as byte ranges: each followed (past spaces)
/// by `(`, unless declared rather than called (`HRESULT Logoff(`, `ULONG C::Release(`,
/// `~C(`).
pub fn called_names(src: &[u8], regions: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = Vec::new();
    for &(start, end) in regions {
        let end = end.min(src.len());
        let mut i = start;
        while i < end {
            if !ident(src[i]) || (i > 0 && ident(src[i - 1])) || src[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let s = i;
            while i < src.len() && ident(src[i]) {
                i += 1;
            }
            let open = src[i..].iter().position(|b| !b.is_ascii_whitespace());
            if open.is_some_and(|o| src[i + o] == b'(') && !declared(src, s) {
                out.push((s, i));
            }
        }
    }
    out
}

/// Is the name at `at` declared rather than called: preceded, past any `Scope::`
/// qualification, by `~` or by a word that is no keyword (a type: `HRESULT Logoff(`)?
fn declared(src: &[u8], at: usize) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let skip_space = |mut i: usize| {
        while i > 0 && src[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    let mut i = skip_space(at);
    while i >= 2 && &src[i - 2..i] == b"::" {
        i = skip_space(i - 2);
        while i > 0 && ident(src[i - 1]) {
            i -= 1;
        }
        i = skip_space(i);
    }
    if i > 0 && src[i - 1] == b'~' {
        return true;
    }
    let end = i;
    while i > 0 && ident(src[i - 1]) {
        i -= 1;
    }
    let word = &src[i..end];
    !word.is_empty()
        && !word[0].is_ascii_digit()
        && !matches!(
            word,
            b"return"
                | b"else"
                | b"do"
                | b"case"
                | b"throw"
                | b"co_return"
                | b"co_await"
                | b"co_yield"
                | b"delete"
                | b"new"
                | b"sizeof"
                | b"typeid"
        )
}

struct Lower<'s> {
    src: &'s [u8],
    file: FileId,
    out: CppFile,
    depth: usize,
    class_stack: Vec<String>,
}

/// The literal a lambda expression lowers to (its body is a [`FnKind::Closure`] function with
/// the same span).
pub const LAMBDA: &str = "<lambda>";

const CASTS: &[&str] = &[
    "static_cast",
    "reinterpret_cast",
    "const_cast",
    "dynamic_cast",
];

fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind_name() != "comment")
        .collect()
}

impl<'s> Lower<'s> {
    fn text(&self, node: Node) -> &'s str {
        std::str::from_utf8(&self.src[node.start_byte()..node.end_byte()]).unwrap_or("")
    }

    /// The declared type of a declaration node, whitespace-normalised.
    fn type_text(&self, node: Node) -> String {
        node.field("type")
            .map(|t| {
                self.text(t)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    fn span(&self, node: Node) -> Span {
        Span::new(self.file, node.start_byte(), node.end_byte())
    }

    /// The names a declarator binds: `x`, `&x`, `*x`, `[a, b]`.
    fn bound_names(&self, declarator: Node) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        let mut stack = vec![declarator];
        while let Some(n) = stack.pop() {
            if n.kind_name() == "identifier" {
                out.push((self.text(n).to_string(), self.span(n)));
            } else {
                stack.extend(named_children(n).into_iter().rev());
            }
        }
        out
    }

    // ----- top level -----

    fn item(&mut self, node: Node) {
        if self.depth > MAX_DEPTH {
            self.out.truncated = true;
            return;
        }
        self.depth += 1;
        match node.kind_name() {
            "function_definition" => self.function(node),
            "class_specifier" | "struct_specifier" | "union_specifier" => self.class(node),
            "preproc_function_def" => self.macro_def(node),
            "declaration" if self.class_stack.is_empty() => {
                // Globals (and namespace-scope statics): objects constructed before `main`
                // and destroyed after it returns.
                let mut decls = Vec::new();
                self.declaration(node, &mut decls);
                for d in decls {
                    if let Stmt::Decl { name, ty, span, .. } = d
                        && !name.is_empty()
                        && !ty.contains(['*', '&', '['])
                    {
                        self.out.globals.push((name, ty, span));
                    }
                }
            }
            "comment" | "preproc_include" | "preproc_def" | "preproc_call" | "string_literal" => {}
            _ => {
                for c in named_children(node) {
                    self.item(c);
                }
            }
        }
        self.depth -= 1;
    }

    fn macro_def(&mut self, node: Node) {
        let Some(name) = node.field("name") else {
            return;
        };
        let params = node
            .field("parameters")
            .map(|p| {
                named_children(p)
                    .iter()
                    .map(|c| self.text(*c).to_string())
                    .collect()
            })
            .unwrap_or_default();
        let body = node.field("value").map(|v| self.text(v)).unwrap_or("");
        self.out.macros.push(MacroDef {
            name: self.text(name).to_string(),
            params,
            body: body.replace("\\\n", " ").replace("\\\r\n", " "),
            span: self.span(node),
        });
    }

    fn class(&mut self, node: Node) {
        let name = node
            .field("name")
            .map(|n| last_component(self.text(n)))
            .unwrap_or_default();
        let Some(body) = node.field("body") else {
            return;
        };
        let mut class = Class {
            name: name.clone(),
            span: self.span(node),
            ..Class::default()
        };
        for c in named_children(node) {
            if c.kind_name() == "base_class_clause" {
                for b in named_children(c) {
                    if matches!(
                        b.kind_name(),
                        "type_identifier" | "qualified_identifier" | "template_type"
                    ) {
                        class.bases.push(last_component(self.text(b)));
                    }
                }
            }
        }
        self.class_stack.push(name);
        for member in named_children(body) {
            match member.kind_name() {
                "field_declaration" => {
                    let ty = self.type_text(member);
                    let mut cursor = member.walk();
                    for d in member.children_by_field_name("declarator", &mut cursor) {
                        if d.kind_name() == "function_declarator" {
                            if let Some(n) = declarator_name(d) {
                                class.methods.push(self.text(n).to_string());
                            }
                        } else if let Some(n) = declarator_name(d) {
                            class.fields.push(self.text(n).to_string());
                            class.field_types.push(with_indirection(&ty, Some(d)));
                        }
                    }
                    if let Some(t) = member.field("type") {
                        self.item(t);
                    }
                }
                _ => self.item(member),
            }
        }
        self.class_stack.pop();
        self.out.classes.push(class);
    }

    fn function(&mut self, node: Node) {
        let Some(body) = node.field("body") else {
            return;
        };
        let fdecl = node.field("declarator").and_then(find_function_declarator);
        let mut class = self.class_stack.last().cloned();
        let mut name = String::from("<anonymous>");
        let mut name_node = node;
        let mut params = Vec::new();
        if let Some(fd) = fdecl {
            if let Some(mut d) = fd.field("declarator") {
                // `ns::C::m` nests qualified identifiers: the last scope is the class.
                while d.kind_name() == "qualified_identifier" {
                    if let Some(scope) = d.field("scope") {
                        class = Some(last_component(self.text(scope)));
                    }
                    match d.field("name") {
                        Some(n) => d = n,
                        None => break,
                    }
                }
                if d.kind_name() == "template_function"
                    && let Some(n) = d.field("name")
                {
                    d = n;
                }
                name = self.text(d).split_whitespace().collect();
                name_node = d;
            }
            if let Some(pl) = fd.field("parameters") {
                for p in named_children(pl) {
                    if let Some(n) = p.field("declarator").and_then(declarator_name) {
                        params.push(self.text(n).to_string());
                    }
                }
            }
        }
        let kind = if name.starts_with('~') {
            FnKind::Destructor
        } else if class.as_deref() == Some(name.as_str()) {
            FnKind::Constructor
        } else if class.is_some() {
            FnKind::Method
        } else {
            FnKind::Free
        };
        let span = self.span(name_node);
        let saved = std::mem::replace(&mut self.class_stack, class.iter().cloned().collect());
        let mut block = self.block(body);
        // Constructor member initialisers run before the body.
        for c in named_children(node) {
            if c.kind_name() == "field_initializer_list" {
                let e = self.expr(c);
                block.stmts.insert(0, Stmt::Expr(e));
            }
        }
        self.class_stack = saved;
        self.out.functions.push(Function {
            name,
            class,
            kind,
            params,
            span,
            body: block,
            drops_locals: false,
            ret: String::new(),
            builtin: false,
            consumes_self: false,
            param_types: Vec::new(),
        });
    }

    // ----- statements -----

    fn block(&mut self, node: Node) -> Block {
        let mut stmts = Vec::new();
        if node.kind_name() == "compound_statement" || node.kind_name() == "field_initializer_list"
        {
            for c in named_children(node) {
                self.stmt_into(c, &mut stmts);
            }
        } else {
            self.stmt_into(node, &mut stmts);
        }
        let close = match node.child(node.child_count().saturating_sub(1)) {
            Some(last) if last.kind_name() == "}" => self.span(last),
            _ => Span::new(self.file, node.end_byte(), node.end_byte()),
        };
        Block { stmts, close }
    }

    fn stmt_into(&mut self, node: Node, out: &mut Vec<Stmt>) {
        if self.depth > MAX_DEPTH {
            self.out.truncated = true;
            out.push(Stmt::Opaque(self.span(node)));
            return;
        }
        self.depth += 1;
        self.stmt_inner(node, out);
        self.depth -= 1;
    }

    fn stmt_inner(&mut self, node: Node, out: &mut Vec<Stmt>) {
        let span = self.span(node);
        match node.kind_name() {
            "compound_statement" => out.push(Stmt::Block(self.block(node))),
            "expression_statement" => {
                if let Some(c) = named_children(node).first() {
                    let e = self.expr(*c);
                    out.push(Stmt::Expr(e));
                }
            }
            "declaration" => self.declaration(node, out),
            "if_statement" => {
                let cond = match node.field("condition") {
                    Some(c) => self.condition(c, out),
                    None => Expr::Other {
                        children: vec![],
                        span,
                    },
                };
                let then = match node.field("consequence") {
                    Some(c) => self.block(c),
                    None => Block::default(),
                };
                let els = node
                    .field("alternative")
                    .map(|a| match named_children(a).first() {
                        Some(s) if a.kind_name() == "else_clause" => self.block(*s),
                        _ => self.block(a),
                    });
                out.push(Stmt::If { cond, then, els });
            }
            "while_statement" => {
                let mut pre = Vec::new();
                let cond = node.field("condition").map(|c| self.condition(c, &mut pre));
                let body = self.body_of(node);
                out.extend(pre);
                out.push(Stmt::While {
                    cond,
                    body,
                    update: None,
                });
            }
            "do_statement" => {
                let body = self.body_of(node);
                let cond = match node.field("condition") {
                    Some(c) => self.expr(c),
                    None => Expr::Other {
                        children: vec![],
                        span,
                    },
                };
                out.push(Stmt::DoWhile { body, cond });
            }
            "for_statement" => {
                let mut stmts = Vec::new();
                if let Some(init) = node.field("initializer") {
                    self.stmt_into(init, &mut stmts);
                }
                let cond = node.field("condition").map(|c| self.expr(c));
                let update = node.field("update").map(|c| self.expr(c));
                let body = self.body_of(node);
                stmts.push(Stmt::While { cond, body, update });
                out.push(Stmt::Block(Block {
                    stmts,
                    close: Span::new(self.file, node.end_byte(), node.end_byte()),
                }));
            }
            "for_range_loop" => {
                if let Some(r) = node.field("right") {
                    let e = self.expr(r);
                    out.push(Stmt::Expr(e));
                }
                let mut body = self.body_of(node);
                // Each iteration binds the loop variable anew: what a path assumed about it in
                // the previous iteration no longer holds.
                if let Some(d) = node.field("declarator") {
                    let decls = self
                        .bound_names(d)
                        .into_iter()
                        .map(|(name, span)| Stmt::Decl {
                            name,
                            ty: String::new(),
                            init: None,
                            span,
                        });
                    body.stmts.splice(0..0, decls);
                }
                // The range may be empty or end at any time: an unknown condition, not `for (;;)`.
                out.push(Stmt::While {
                    cond: Some(Expr::Other {
                        children: vec![],
                        span,
                    }),
                    body,
                    update: None,
                });
            }
            "switch_statement" => {
                let mut pre = Vec::new();
                let cond = match node.field("condition") {
                    Some(c) => self.condition(c, &mut pre),
                    None => Expr::Other {
                        children: vec![],
                        span,
                    },
                };
                let body = self.body_of(node);
                out.extend(pre);
                out.push(Stmt::Switch { cond, body });
            }
            "case_statement" => {
                let value = node.field("value");
                out.push(Stmt::Case {
                    is_default: value.is_none(),
                    span,
                });
                for c in named_children(node) {
                    if Some(c) != value {
                        self.stmt_into(c, out);
                    }
                }
            }
            "break_statement" => out.push(Stmt::Break(span)),
            "continue_statement" => out.push(Stmt::Continue(span)),
            "return_statement" | "co_return_statement" => {
                let value = named_children(node).first().map(|c| self.expr(*c));
                out.push(Stmt::Return { value, span });
            }
            "goto_statement" => {
                let label = node.field("label").map(|l| self.text(l)).unwrap_or("");
                out.push(Stmt::Goto {
                    label: label.to_string(),
                    span,
                });
            }
            "labeled_statement" => {
                let label = node.field("label");
                if let Some(l) = label {
                    out.push(Stmt::Label {
                        name: self.text(l).to_string(),
                        span: self.span(l),
                    });
                }
                for c in named_children(node) {
                    if Some(c) != label {
                        self.stmt_into(c, out);
                    }
                }
            }
            "throw_statement" => {
                let value = named_children(node).first().map(|c| self.expr(*c));
                out.push(Stmt::Throw { value, span });
            }
            "try_statement" | "seh_try_statement" => {
                let body = self.body_of(node);
                let mut handlers = Vec::new();
                let mut finally = None;
                for c in named_children(node) {
                    match c.kind_name() {
                        "catch_clause" | "seh_except_clause" => {
                            if let Some(b) = c.field("body") {
                                handlers.push(self.block(b));
                            }
                        }
                        "seh_finally_clause" => {
                            finally = c.field("body").map(|b| self.block(b));
                        }
                        _ => {}
                    }
                }
                out.push(Stmt::Try { body, handlers });
                if let Some(f) = finally {
                    out.push(Stmt::Block(f));
                }
            }
            "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_elifdef" => {
                // `#if X ... #else ... #endif` inside a body: a branch on the text of the
                // condition, so two blocks under the same `#ifdef` are taken together.
                let cond_node = node.field("condition").or_else(|| node.field("name"));
                let alt = node.field("alternative");
                let mut key = String::from("#if ");
                if let Some(c) = cond_node {
                    key.push_str(
                        &self
                            .text(c)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                }
                if self.text(node).starts_with("#ifndef") {
                    key = format!("!{key}");
                }
                let mut then = Vec::new();
                for c in named_children(node) {
                    if Some(c) != cond_node && Some(c) != alt {
                        self.stmt_into(c, &mut then);
                    }
                }
                let els = alt.map(|a| {
                    let mut stmts = Vec::new();
                    if a.kind_name() == "preproc_else" {
                        for c in named_children(a) {
                            self.stmt_into(c, &mut stmts);
                        }
                    } else {
                        self.stmt_into(a, &mut stmts);
                    }
                    Block {
                        stmts,
                        close: Span::new(self.file, a.end_byte(), a.end_byte()),
                    }
                });
                let (cond, negated) = match key.strip_prefix('!') {
                    Some(k) => (k.to_string(), true),
                    None => (key, false),
                };
                let mut cond = Expr::Name { name: cond, span };
                if negated {
                    cond = Expr::Unary {
                        op: "!".into(),
                        expr: Box::new(cond),
                        span,
                    };
                }
                let end = Span::new(self.file, node.end_byte(), node.end_byte());
                out.push(Stmt::If {
                    cond,
                    then: Block {
                        stmts: then,
                        close: end,
                    },
                    els,
                });
            }
            "preproc_else" => {
                for c in named_children(node) {
                    self.stmt_into(c, out);
                }
            }
            "attributed_statement" | "ERROR" => {
                for c in named_children(node) {
                    self.stmt_into(c, out);
                }
            }
            "function_definition" => self.function(node),
            "class_specifier" | "struct_specifier" => self.class(node),
            "comment"
            | "type_definition"
            | "using_declaration"
            | "alias_declaration"
            | "static_assert_declaration"
            | "namespace_alias_definition"
            | "preproc_include"
            | "preproc_def"
            | "preproc_function_def"
            | "preproc_call"
            | "empty_statement"
            | "statement_identifier"
            | "attribute_declaration" => {}
            k if k.ends_with("_statement") || k == "declaration_list" => {
                for c in named_children(node) {
                    self.stmt_into(c, out);
                }
            }
            _ => {
                let e = self.expr(node);
                out.push(Stmt::Expr(e));
            }
        }
    }

    fn body_of(&mut self, node: Node) -> Block {
        match node.field("body") {
            Some(b) => self.block(b),
            None => Block::default(),
        }
    }

    /// Lowers a `condition_clause` (or plain expression); an initialiser or a declared
    /// condition variable is pushed to `pre` and the condition refers to it.
    fn condition(&mut self, node: Node, pre: &mut Vec<Stmt>) -> Expr {
        if node.kind_name() != "condition_clause" {
            return self.expr(node);
        }
        if let Some(init) = node.field("initializer") {
            for c in named_children(init) {
                self.stmt_into(c, pre);
            }
            if init.kind_name() != "init_statement" {
                self.stmt_into(init, pre);
            }
        }
        match node.field("value") {
            Some(v) if v.kind_name() == "declaration" => {
                let before = pre.len();
                self.declaration(v, pre);
                match pre.get(before) {
                    Some(Stmt::Decl { name, span, .. }) => Expr::Name {
                        name: name.clone(),
                        span: *span,
                    },
                    _ => Expr::Other {
                        children: vec![],
                        span: self.span(v),
                    },
                }
            }
            Some(v) => self.expr(v),
            None => Expr::Other {
                children: vec![],
                span: self.span(node),
            },
        }
    }

    fn declaration(&mut self, node: Node, out: &mut Vec<Stmt>) {
        let ty = self.type_text(node);
        if let Some(t) = node.field("type")
            && matches!(t.kind_name(), "class_specifier" | "struct_specifier")
        {
            self.class(t);
        }
        let mut cursor = node.walk();
        let declarators: Vec<Node> = node
            .children_by_field_name("declarator", &mut cursor)
            .collect();
        for d in declarators {
            let span = self.span(d);
            match d.kind_name() {
                "init_declarator" => {
                    let inner = d.field("declarator");
                    let name = inner
                        .and_then(declarator_name)
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_default();
                    let init = d.field("value").map(|v| self.expr(v));
                    out.push(Stmt::Decl {
                        name,
                        ty: with_indirection(&ty, inner),
                        init,
                        span,
                    });
                }
                "function_declarator" => {
                    // `CComPtr<IFoo> p(q);` parses as a function declaration: it is a
                    // variable constructed from its "parameters".
                    let name = declarator_name(d)
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_default();
                    let args = d
                        .field("parameters")
                        .map(|p| {
                            named_children(p)
                                .into_iter()
                                .map(|a| match a.field("type") {
                                    Some(t) => self.expr(t),
                                    None => self.expr(a),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    out.push(Stmt::Decl {
                        name,
                        ty: ty.clone(),
                        init: Some(Expr::Other {
                            children: args,
                            span,
                        }),
                        span,
                    });
                }
                _ => {
                    let name = declarator_name(d)
                        .map(|n| self.text(n).to_string())
                        .unwrap_or_default();
                    out.push(Stmt::Decl {
                        name,
                        ty: with_indirection(&ty, Some(d)),
                        init: None,
                        span,
                    });
                }
            }
        }
    }

    // ----- expressions -----

    fn expr(&mut self, node: Node) -> Expr {
        let span = self.span(node);
        if self.depth > MAX_DEPTH {
            self.out.truncated = true;
            return Expr::Other {
                children: vec![],
                span,
            };
        }
        self.depth += 1;
        let e = self.expr_inner(node, span);
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self, node: Node, span: Span) -> Expr {
        let field = |n: &str| node.field(n);
        match node.kind_name() {
            "parenthesized_expression" => match named_children(node).first() {
                Some(c) => self.expr(*c),
                None => Expr::Other {
                    children: vec![],
                    span,
                },
            },
            "call_expression" => self.call(node, span),
            // `new T(args)` runs T's constructor: a call `T::T(args)` (resolved to the
            // constructor by class); `delete p` runs p's destructor: a method `delete` on p.
            "new_expression" => {
                let ty = field("type")
                    .map(|t| last_component(self.text(t)))
                    .unwrap_or_default();
                let name_span = field("type").map(|t| self.span(t)).unwrap_or(span);
                let args = field("arguments")
                    .map(|a| {
                        named_children(a)
                            .iter()
                            .filter(|c| c.kind_name() != "comment")
                            .map(|c| self.expr(*c))
                            .collect()
                    })
                    .unwrap_or_default();
                Expr::Call(Box::new(Call {
                    callee: Callee::Function {
                        path: format!("{ty}::{ty}"),
                        name: ty,
                    },
                    args,
                    span,
                    name_span,
                }))
            }
            "delete_expression" => match named_children(node).last() {
                Some(&target) => Expr::Call(Box::new(Call {
                    callee: Callee::Method {
                        receiver: self.expr(target),
                        name: "delete".into(),
                        interface: None,
                    },
                    args: Vec::new(),
                    span,
                    name_span: span,
                })),
                None => Expr::Other {
                    children: vec![],
                    span,
                },
            },
            "identifier"
            | "qualified_identifier"
            | "namespace_identifier"
            | "type_identifier"
            | "field_identifier"
            | "this"
            | "destructor_name"
            | "template_function"
            | "operator_name"
            | "primitive_type"
            | "template_type" => {
                let t = self.text(node);
                let t = t.strip_prefix("::").unwrap_or(t);
                Expr::Name {
                    name: t.split_whitespace().collect(),
                    span,
                }
            }
            "number_literal"
            | "string_literal"
            | "char_literal"
            | "raw_string_literal"
            | "concatenated_string"
            | "true"
            | "false"
            | "null"
            | "nullptr"
            | "user_defined_literal"
            | "sizeof_expression"
            | "alignof_expression" => Expr::Lit {
                text: self.text(node).to_string(),
                span,
            },
            "field_expression" => {
                let base = field("argument");
                let fname = field("field")
                    .map(|f| self.text(f).to_string())
                    .unwrap_or_default();
                match base {
                    Some(b) if b.kind_name() == "this" => Expr::Name { name: fname, span },
                    Some(b) => {
                        let base = self.expr(b);
                        Expr::Field {
                            base: Box::new(base),
                            field: fname,
                            span,
                        }
                    }
                    None => Expr::Name { name: fname, span },
                }
            }
            "pointer_expression" => {
                let op = field("operator").map(|o| self.text(o)).unwrap_or("*");
                let inner = match field("argument") {
                    Some(a) => self.expr(a),
                    None => Expr::Other {
                        children: vec![],
                        span,
                    },
                };
                if op == "&" {
                    Expr::AddrOf {
                        expr: Box::new(inner),
                        span,
                    }
                } else {
                    Expr::Deref {
                        expr: Box::new(inner),
                        span,
                    }
                }
            }
            "assignment_expression" => {
                let lhs = field("left").map(|n| self.expr(n)).unwrap_or(Expr::Other {
                    children: vec![],
                    span,
                });
                let rhs = field("right").map(|n| self.expr(n)).unwrap_or(Expr::Other {
                    children: vec![],
                    span,
                });
                let op = field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("=")
                    .to_string();
                Expr::Assign {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    op,
                    span,
                }
            }
            "update_expression" => {
                let lhs = field("argument")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                let rhs = Expr::Lit {
                    text: "1".into(),
                    span,
                };
                Expr::Assign {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    op: "++".into(),
                    span,
                }
            }
            "unary_expression" => {
                let op = field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("")
                    .to_string();
                let inner = field("argument")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                Expr::Unary {
                    op,
                    expr: Box::new(inner),
                    span,
                }
            }
            "binary_expression" => {
                let op = field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("")
                    .to_string();
                let lhs = field("left").map(|n| self.expr(n)).unwrap_or(Expr::Other {
                    children: vec![],
                    span,
                });
                let rhs = field("right").map(|n| self.expr(n)).unwrap_or(Expr::Other {
                    children: vec![],
                    span,
                });
                Expr::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    span,
                }
            }
            "conditional_expression" => {
                let c = field("condition")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                let t = field("consequence")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                let e = field("alternative")
                    .map(|n| self.expr(n))
                    .unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                Expr::Cond {
                    cond: Box::new(c),
                    then: Box::new(t),
                    els: Box::new(e),
                    span,
                }
            }
            "cast_expression" => match field("value") {
                Some(v) => self.expr(v),
                None => Expr::Other {
                    children: vec![],
                    span,
                },
            },
            "lambda_expression" => {
                if let Some(body) = field("body") {
                    let block = self.block(body);
                    self.out.functions.push(Function {
                        name: "<lambda>".into(),
                        class: self.class_stack.last().cloned(),
                        kind: FnKind::Closure,
                        params: vec![],
                        span,
                        body: block,
                        drops_locals: false,
                        ret: String::new(),
                        builtin: false,
                        consumes_self: false,
                        param_types: Vec::new(),
                    });
                }
                // A marker whose span finds the closure (scope guards run it at their drop).
                Expr::Lit {
                    text: LAMBDA.into(),
                    span,
                }
            }
            "compound_statement" => {
                // GNU statement expression: its calls still run here.
                let b = self.block(node);
                let mut children = Vec::new();
                for s in b.stmts {
                    if let Stmt::Expr(e) = s {
                        children.push(e);
                    }
                }
                Expr::Other { children, span }
            }
            _ => {
                let children = named_children(node)
                    .into_iter()
                    .map(|c| self.expr(c))
                    .collect();
                Expr::Other { children, span }
            }
        }
    }

    fn args(&mut self, node: Node) -> Vec<Expr> {
        match node.field("arguments") {
            Some(a) => named_children(a)
                .into_iter()
                .map(|c| self.expr(c))
                .collect(),
            None => vec![],
        }
    }

    fn call(&mut self, node: Node, span: Span) -> Expr {
        let Some(f) = node.field("function") else {
            return Expr::Other {
                children: self.args(node),
                span,
            };
        };
        match f.kind_name() {
            "field_expression" => {
                let name_node = f.field("field").unwrap_or(f);
                let name = self.text(name_node).to_string();
                let recv_node = f.field("argument");
                let mut args = self.args(node);
                // C: `obj->lpVtbl->Method(obj, ...)` is `obj->Method(...)`.
                let receiver = match recv_node {
                    Some(r)
                        if r.kind_name() == "field_expression"
                            && r.field("field").map(|x| self.text(x)) == Some("lpVtbl") =>
                    {
                        if !args.is_empty() {
                            args.remove(0);
                        }
                        match r.field("argument") {
                            Some(inner) => self.expr(inner),
                            None => Expr::Other {
                                children: vec![],
                                span,
                            },
                        }
                    }
                    Some(r) if r.kind_name() == "this" => Expr::Name {
                        name: "this".into(),
                        span: self.span(r),
                    },
                    Some(r) => self.expr(r),
                    None => Expr::Other {
                        children: vec![],
                        span,
                    },
                };
                Expr::Call(Box::new(Call {
                    callee: Callee::Method {
                        receiver,
                        name,
                        interface: None,
                    },
                    args,
                    span,
                    name_span: self.span(name_node),
                }))
            }
            "identifier" | "qualified_identifier" | "template_function" => {
                let (name_node, path) = match f.kind_name() {
                    "qualified_identifier" => {
                        let mut n = f;
                        while n.kind_name() == "qualified_identifier" {
                            match n.field("name") {
                                Some(x) => n = x,
                                None => break,
                            }
                        }
                        if n.kind_name() == "template_function" {
                            n = n.field("name").unwrap_or(n);
                        }
                        (n, self.text(f).to_string())
                    }
                    "template_function" => {
                        let n = f.field("name").unwrap_or(f);
                        (n, self.text(n).to_string())
                    }
                    _ => (f, self.text(f).to_string()),
                };
                let name = self.text(name_node).to_string();
                let mut args = self.args(node);
                if CASTS.contains(&name.as_str()) && args.len() == 1 {
                    return args.pop().unwrap_or(Expr::Other {
                        children: vec![],
                        span,
                    });
                }
                let name_span = self.span(name_node);
                // C interface macros: `IMAPISession_Logoff(obj, ...)` is `obj->Logoff(...)`.
                if let Some((iface, method)) = interface_macro(&name)
                    && !args.is_empty()
                {
                    let receiver = args.remove(0);
                    return Expr::Call(Box::new(Call {
                        callee: Callee::Method {
                            receiver,
                            name: method.to_string(),
                            interface: Some(iface.to_string()),
                        },
                        args,
                        span,
                        name_span,
                    }));
                }
                // A leading `::` is kept: it names the global function, not a same-name method.
                let path = path.split_whitespace().collect();
                Expr::Call(Box::new(Call {
                    callee: Callee::Function { name, path },
                    args,
                    span,
                    name_span,
                }))
            }
            _ => {
                let callee = self.expr(f);
                let args = self.args(node);
                Expr::Call(Box::new(Call {
                    callee: Callee::Dynamic(callee),
                    args,
                    span,
                    name_span: self.span(f),
                }))
            }
        }
    }
}

/// `IMAPISession_Logoff` -> (`IMAPISession`, `Logoff`).
fn interface_macro(name: &str) -> Option<(&str, &str)> {
    let (iface, method) = name.split_once('_')?;
    let ok_iface = iface.len() > 1
        && iface.starts_with('I')
        && iface[1..].starts_with(|c: char| c.is_ascii_uppercase())
        && iface.chars().all(|c| c.is_ascii_alphanumeric());
    let ok_method = method.starts_with(|c: char| c.is_ascii_uppercase())
        && method.chars().all(|c| c.is_ascii_alphanumeric())
        && method.chars().any(|c| c.is_ascii_lowercase());
    (ok_iface && ok_method).then_some((iface, method))
}

/// The declared type, with ` *` or ` &` appended when the declarator is a pointer or a
/// reference, so that a value of class type can be told from a pointer to one.
fn with_indirection(ty: &str, declarator: Option<Node>) -> String {
    match declarator.map(|d| d.kind_name()) {
        Some("pointer_declarator") => format!("{ty} *"),
        Some("reference_declarator") => format!("{ty} &"),
        Some("array_declarator") => format!("{ty} []"),
        _ => ty.to_string(),
    }
}

fn last_component(s: &str) -> String {
    let s = s.split('<').next().unwrap_or(s);
    s.rsplit("::").next().unwrap_or(s).trim().to_string()
}

/// Descends declarators (`*p`, `&r`, `a[3]`, `f(..)`, `x = v`) to the declared name.
fn declarator_name(node: Node) -> Option<Node> {
    let mut n = node;
    for _ in 0..32 {
        match n.kind_name() {
            "identifier"
            | "field_identifier"
            | "type_identifier"
            | "destructor_name"
            | "operator_name"
            | "qualified_identifier" => return Some(n),
            _ => {
                n = n.field("declarator").or_else(|| {
                    let mut c = n.walk();

                    n.named_children(&mut c).find(|x| {
                        matches!(
                            x.kind_name(),
                            "identifier"
                                | "field_identifier"
                                | "pointer_declarator"
                                | "reference_declarator"
                                | "array_declarator"
                                | "function_declarator"
                                | "parenthesized_declarator"
                                | "init_declarator"
                        )
                    })
                })?;
            }
        }
    }
    None
}

fn find_function_declarator(node: Node) -> Option<Node> {
    let mut n = node;
    for _ in 0..32 {
        if n.kind_name() == "function_declarator" {
            return Some(n);
        }
        n = n.field("declarator")?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(src: &str) -> CppFile {
        let mut p = new_parser();
        lower_file(&mut p, &Neutraliser::new(&[]), 0, src).unwrap()
    }

    fn call_names(f: &Function) -> Vec<String> {
        let mut v = Vec::new();
        f.for_each_call(&mut |c| {
            let recv = c
                .callee
                .receiver()
                .and_then(|r| r.place_key())
                .unwrap_or_default();
            v.push(format!("{}:{}/{}", recv, c.callee.name(), c.args.len()));
        });
        v.sort();
        v
    }

    /// The names called in the code of `src` that could not be parsed.
    fn unparsed_names(src: &str) -> Vec<&str> {
        lower(src)
            .unparsed_calls
            .iter()
            .map(|&(s, e)| &src[s..e])
            .collect()
    }

    #[test]
    fn calls_inside_or_next_to_syntax_errors_are_found() {
        // Clean code has none.
        assert!(unparsed_names("void f(S* s) { s->Logoff(0, 0, 0); s->Release(); }").is_empty());
        // An unknown macro without `;` takes the receiver into an ERROR and the call into a
        // declarator: the call is next to the ERROR, on its line.
        let src = "void f(S* s) {\n  BEGIN_GUARDED(s) { s->Logoff(0, 0, 0); } END_GUARDED\n  s->Release();\n  g();\n}\n";
        assert_eq!(unparsed_names(src), vec!["Release"]);
        // Inside an ERROR node: calls, not comments, literals or declarations.
        let src = "int x = ) Logoff(1) /* Release() */ \"Unadvise()\" HRESULT Advise(int);\n";
        assert_eq!(unparsed_names(src), vec!["Logoff"]);
        // A function that parsed inside an ERROR wrapping its namespace was parsed; the
        // broken one after it was not.
        let src = "namespace n {\nvoid ok(S* s) { s->Release(); }\nvoid bad(S* s) { if (s) { static M2(a, b) = { 1 }; s->Logoff(0, 0, 0); } }\n";
        let names = unparsed_names(src);
        assert!(
            !names.contains(&"Release") && names.contains(&"Logoff"),
            "{names:?}"
        );
    }

    #[test]
    fn a_class_body_holding_declaration_macros_parses() {
        // kopano's PublishFreeBusy: without the neutraliser the class body ran to the end of
        // the file and every method after it was misnamed.
        let f = lower(
            "class P final {\n\tIMAPISession *m_lpSession;\n\tPROPMAP_DECL()\n\tPROPMAP_DEF_NAMED_ID(APPT_START)\n\tDECLARE_MESSAGE_MAP()\n};\nHRESULT P::Get(IMAPITable **t) { return m_lpSession->Logoff(0, 0, 0); }\n",
        );
        assert_eq!(f.error_nodes, 0);
        assert_eq!(f.functions[0].qualified_name(), "P::Get");
        assert_eq!(call_names(&f.functions[0]), vec!["m_lpSession:Logoff/3"]);
    }

    #[test]
    fn c_forms_mean_the_method_call() {
        let f = lower(
            "void f(LPMAPISESSION s) { s->lpVtbl->Logoff(s, 0, 0, 0); IMAPISession_Logoff(s, 0, 0, 0); s->Logoff(0,0,0); }",
        );
        assert_eq!(call_names(&f.functions[0]), vec!["s:Logoff/3"; 3]);
    }

    #[test]
    fn calls_inside_macros_and_methods_with_classes() {
        let f = lower(
            "class C : public B { ULONG m_c; void a() { EC_MAPI(m_s->Advise(0, NULL, 0, this, &m_c)); } };\nC::~C() { this->m_s->Unadvise(m_c); }",
        );
        assert_eq!(f.functions.len(), 2);
        assert_eq!(f.functions[0].class.as_deref(), Some("C"));
        assert_eq!(f.functions[1].kind, FnKind::Destructor);
        assert_eq!(
            call_names(&f.functions[0]),
            vec![":EC_MAPI/1", "m_s:Advise/5"]
        );
        assert_eq!(call_names(&f.functions[1]), vec!["m_s:Unadvise/1"]);
        assert_eq!(f.classes[0].fields, vec!["m_c"]);
        assert_eq!(f.classes[0].bases, vec!["B"]);
    }

    #[test]
    fn sal_annotated_signature_parses_clean() {
        let f =
            lower("_Check_return_ STDMETHODIMP_(ULONG) CFoo::Release(_In_ ULONG x) { return 0; }");
        assert_eq!(f.error_nodes, 0);
        assert_eq!(f.functions[0].name, "Release");
        assert_eq!(f.functions[0].class.as_deref(), Some("CFoo"));
    }

    #[test]
    fn deep_nesting_is_cut_not_crashed() {
        let src = format!(
            "void f() {{ int x = {}1{}; }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        let f = crate::with_big_stack(move || lower(&src));
        assert!(f.truncated);
    }

    #[test]
    fn finds_noreturn_declarations_in_every_spelling() {
        let text = r#"
// Prints usage (and exits)
[[noreturn]] static void Usage(const char* argv0);
__declspec(noreturn) void __stdcall Die(HRESULT hr) { ExitProcess(1); }
void Fail(const char* fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
_Noreturn void Bail(int code);
#define MY_NORETURN __attribute__((__noreturn__))
MY_NORETURN void Quit(void);
[[nodiscard]] int Keep(int x);
void Later(void) { int noreturn_count = 0; }
"#;
        assert_eq!(
            noreturn_decls(text),
            ["Bail", "Die", "Fail", "Quit", "Usage"]
        );
        assert!(noreturn_decls("void f(void) { exit(1); }").is_empty());
    }

    #[test]
    fn finds_type_aliases_in_every_spelling() {
        let text = r#"
typedef memory_ptr<ADRLIST, rowset_delete> adrlist_ptr;
typedef std::unique_ptr<IMAPISession, SessionDeleter> SessionPtr;
typedef CComPtr<IMsgStore>* PStorePtr;
typedef rowset_ptr rows_t;
using TablePtr = CComPtr<IMAPITable>;
template <class T> using MapiPtr = std::unique_ptr<T, MapiDeleter>;
_COM_SMARTPTR_TYPEDEF(IMAPISession, IID_IMAPISession);
typedef struct _tagX { int a; } X;
"#;
        assert_eq!(
            type_aliases(text),
            [
                ("adrlist_ptr".to_string(), "memory_ptr".to_string()),
                ("SessionPtr".into(), "unique_ptr".into()),
                ("rows_t".into(), "rowset_ptr".into()),
                ("TablePtr".into(), "CComPtr".into()),
                ("MapiPtr".into(), "unique_ptr".into()),
                ("IMAPISessionPtr".into(), "_com_ptr_t".into()),
            ]
        );
    }
}
