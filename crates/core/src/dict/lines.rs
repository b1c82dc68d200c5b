//! The line conventions shared by every PETRARCH dictionary file.
//!
//! Blank lines and lines starting with `#` are skipped; `<!-- ... -->`
//! comments are removed, also when they span several lines; a `#` preceded by
//! white space starts a trailing comment unless it sits inside `[...]` (so
//! that a code such as `[###]` survives). Actor files also treat `;` as a
//! trailing comment, as TABARI did.

/// One line of a dictionary file with its comments removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the file.
    pub number: u32,
    /// The content, trailing white space trimmed, leading white space kept.
    pub text: &'a str,
}

/// The content lines of `text`, in order.
pub(crate) fn content_lines(text: &str, semicolon_comments: bool) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (idx, raw) in text.lines().enumerate() {
        let number = idx as u32 + 1;
        let mut line = raw;
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    in_comment = false;
                    line = &line[end + 3..];
                    if line.trim().is_empty() {
                        continue;
                    }
                }
                None => continue,
            }
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let owned_start;
        if let Some(start) = line.find("<!--") {
            match line[start..].find("-->") {
                Some(len) => {
                    // A comment inside a line: keep both sides only when the
                    // comment is at the start or the end, the usual cases.
                    let after = &line[start + len + 3..];
                    if start == 0 || line[..start].trim().is_empty() {
                        owned_start = after;
                        line = owned_start;
                    } else {
                        line = &line[..start];
                    }
                }
                None => {
                    in_comment = true;
                    line = &line[..start];
                }
            }
            if line.trim().is_empty() {
                continue;
            }
        }
        let line = strip_trailing_comment(line, semicolon_comments).trim_end();
        if line.trim().is_empty() {
            continue;
        }
        out.push(Line { number, text: line });
    }
    out
}

/// Cuts `line` at the first `#` that follows white space (or a `;` when
/// `semicolon_comments`), ignoring anything inside `[...]`.
pub(crate) fn strip_trailing_comment(line: &str, semicolon_comments: bool) -> &str {
    let bytes = line.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = (depth - 1).max(0),
            b'#' if depth == 0
                && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b']') =>
            {
                return &line[..i];
            }
            b';' if semicolon_comments && depth == 0 => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str, semicolons: bool) -> Vec<(u32, &str)> {
        content_lines(input, semicolons).into_iter().map(|l| (l.number, l.text)).collect()
    }

    #[test]
    fn comments_and_blanks() {
        let input = "# header\n\nARNOR [ARN] # note\n<!-- one line -->\n- * X  [###]  # c\n";
        assert_eq!(texts(input, false), [(3, "ARNOR [ARN]"), (5, "- * X  [###]")]);
    }

    #[test]
    fn multi_line_comments() {
        let input = "<!--\nHIDDEN [X]\n-->\nSHOWN [Y]\nA <!-- x --> \n<!-- x --> B\n";
        assert_eq!(texts(input, false), [(4, "SHOWN [Y]"), (5, "A"), (6, " B")]);
    }

    #[test]
    fn semicolons_in_actor_files() {
        assert_eq!(texts("ABDUL_QADIR_  ; CountryInfo.txt\n", true), [(1, "ABDUL_QADIR_")]);
        assert_eq!(texts("ABDUL;X\n", false), [(1, "ABDUL;X")]);
        assert_eq!(
            texts("- IN_*  [075]  # pas 2 May 2005 #   pattern\n", false),
            [(1, "- IN_*  [075]")]
        );
    }
}
