//! CoNLL-U sentences: ten tab-separated columns per word.
//!
//! Comment lines (`#`), multiword-token lines (`1-2`) and empty nodes (`1.1`)
//! are skipped; a line that does not have ten columns, or whose id or head is
//! not a number, is an error naming the line.

use std::fmt;

/// One word of a CoNLL-U sentence, borrowing from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConlluWord<'a> {
    /// 1-based index.
    pub id: u32,
    /// FORM.
    pub form: &'a str,
    /// LEMMA.
    pub lemma: &'a str,
    /// UPOS.
    pub upos: &'a str,
    /// XPOS (Penn Treebank tag in English treebanks).
    pub xpos: &'a str,
    /// HEAD (0 = root).
    pub head: u32,
    /// DEPREL.
    pub deprel: &'a str,
    /// MISC.
    pub misc: &'a str,
}

/// A malformed CoNLL-U line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConlluError {
    /// 1-based line within the text given.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CoNLL-U line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ConlluError {}

/// Reads the words of one sentence.
///
/// # Errors
///
/// [`ConlluError`] for the first malformed line.
pub fn read_sentence(text: &str) -> Result<Vec<ConlluWord<'_>>, ConlluError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |message: &str| ConlluError { line: i + 1, message: message.to_string() };
        if cols.len() != 10 {
            return Err(err(&format!("{} columns, expected 10", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id = cols[0].parse().map_err(|_| err("id is not a number"))?;
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse().map_err(|_| err("head is not a number"))?
        };
        out.push(ConlluWord {
            id,
            form: cols[1],
            lemma: cols[2],
            upos: cols[3],
            xpos: cols[4],
            head,
            deprel: cols[7],
            misc: cols[9],
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_skips_extras() {
        let text = "# text = He can't\n1\tHe\the\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tca\tcan\tAUX\tMD\t_\t3\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t0\troot\t_\tSpaceAfter=No\n";
        let words = read_sentence(text).unwrap();
        assert_eq!(words.len(), 3);
        assert_eq!(words[2].form, "n't");
        assert_eq!(words[0].head, 3);
        assert_eq!(read_sentence("1\tx\n").unwrap_err().line, 1);
        assert!(read_sentence("x\ty\t_\t_\t_\t_\t0\troot\t_\t_").is_err());
    }
}
