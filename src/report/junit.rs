//! `--format junit`: JUnit XML for CI test reports (GitLab `artifacts:reports:junit`,
//! Jenkins, Azure Pipelines...): one `mapi-lint` suite, one failing `<testcase>` per finding
//! (`classname` = path, `name` = `rule:line`), and one passing test case when there is
//! nothing to report, so that CI shows a result. quick-xml writes and escapes the XML.

use super::Located;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// Characters that XML 1.0 cannot carry even escaped (control characters other than tab and
/// line breaks, and the non-characters U+FFFE/U+FFFF), such as from a path, become U+FFFD.
fn xml_chars(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// The failure's body: the finding as `short` prints it, then each label with its location.
fn body(l: &Located) -> String {
    let mut s = format!(
        "{}:{}:{}: {}[{}] {}\n",
        l.path, l.line, l.column, l.severity, l.rule, l.message
    );
    s.push_str(&format!(
        "  {}:{}:{}: {}\n",
        l.path, l.line, l.column, l.label
    ));
    for r in &l.related {
        s.push_str(&format!(
            "  {}:{}:{}: {}\n",
            r.path, r.line, r.column, r.message
        ));
    }
    // `unused-suppression` is not a rule file: `mapi-lint explain` does not know it.
    if l.rule != crate::gate::UNUSED_SUPPRESSION {
        s.push_str(&format!("run `mapi-lint explain {}` for details\n", l.rule));
    }
    s.trim_end().to_string()
}

fn write(w: &mut Writer<Vec<u8>>, located: &[Located]) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests = located.len().max(1).to_string();
    let failures = located.len().to_string();
    let counts = [
        ("name", "mapi-lint"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];
    w.create_element("testsuites")
        .with_attributes(counts)
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attributes(counts)
                .with_attribute(("skipped", "0"))
                .write_inner_content(|w| {
                    if located.is_empty() {
                        w.create_element("testcase")
                            .with_attributes([("classname", "mapi-lint"), ("name", "no findings")])
                            .write_empty()?;
                    }
                    for l in located {
                        let path = xml_chars(&l.path);
                        let name = format!("{}:{}", l.rule, l.line);
                        let line = l.line.to_string();
                        let message = xml_chars(&l.message);
                        let body = body(l);
                        w.create_element("testcase")
                            .with_attributes([
                                ("classname", path.as_ref()),
                                ("name", xml_chars(&name).as_ref()),
                                ("file", path.as_ref()),
                                ("line", line.as_str()),
                            ])
                            .write_inner_content(|w| {
                                w.create_element("failure")
                                    .with_attributes([
                                        ("message", message.as_ref()),
                                        ("type", xml_chars(&l.rule).as_ref()),
                                    ])
                                    .write_text_content(BytesText::new(&xml_chars(&body)))?;
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

pub fn render(located: &[Located]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut w, located).expect("writing XML to memory cannot fail");
    let mut s = String::from_utf8(w.into_inner()).expect("quick-xml writes the UTF-8 it is given");
    s.push('\n');
    s
}
