//! `--format short`: one line per finding, `path:line:col: level[rule] message`.

use super::Located;

pub fn render(located: &[Located]) -> String {
    let mut s = String::new();
    for l in located {
        s.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            l.path, l.line, l.column, l.severity, l.rule, l.message
        ));
    }
    s
}
