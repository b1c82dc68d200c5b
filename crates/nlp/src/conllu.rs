//! Reading and writing CoNLL-U.
//!
//! [`parse`] reads text already in memory; [`read_path`] (the only file
//! I/O of this crate, used by the command line tools) reads a `.conllu` or
//! `.conllu.gz` file.

use std::io::Read;
use std::path::Path;

/// One sentence of a CoNLL-U file.
///
/// Multi-word token lines (`1-2`) and empty nodes (`1.1`) are skipped, so
/// the words are the syntactic words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConlluSentence {
    /// The `# sent_id` comment, if any.
    pub sent_id: Option<String>,
    /// The `# text` comment, if any.
    pub text: Option<String>,
    /// One entry per word.
    pub words: Vec<ConlluWord>,
}

/// One word line of a CoNLL-U file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConlluWord {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS (Penn Treebank tag).
    pub xpos: String,
    /// HEAD: 1-based, 0 for the root.
    pub head: u32,
    /// DEPREL.
    pub deprel: String,
    /// False when MISC says `SpaceAfter=No`.
    pub space_after: bool,
}

/// Parses CoNLL-U text. Malformed lines are skipped and counted in the
/// second value.
pub fn parse(text: &str) -> (Vec<ConlluSentence>, usize) {
    let mut sentences = Vec::new();
    let mut current = ConlluSentence::default();
    let mut n_bad = 0;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            } else {
                current = ConlluSentence::default();
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(id) = comment.strip_prefix("sent_id =") {
                current.sent_id = Some(id.trim().to_string());
            } else if let Some(t) = comment.strip_prefix("text =") {
                current.text = Some(t.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            n_bad += 1;
            continue;
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let Ok(head) = cols[6].parse::<u32>() else {
            n_bad += 1;
            continue;
        };
        current.words.push(ConlluWord {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after: !cols[9].split('|').any(|f| f == "SpaceAfter=No"),
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    // Heads must point inside the sentence.
    sentences.retain(|s| {
        let ok = s.words.iter().all(|w| w.head as usize <= s.words.len());
        n_bad += !ok as usize;
        ok
    });
    (sentences, n_bad)
}

/// Reads a `.conllu` or gzip-compressed `.conllu.gz` file.
///
/// # Errors
///
/// Fails when the file cannot be read or decompressed or is not UTF-8.
pub fn read_path(path: &Path) -> std::io::Result<Vec<ConlluSentence>> {
    let raw = std::fs::read(path)?;
    let text = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = String::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_string(&mut out)?;
        out
    } else {
        String::from_utf8(raw)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?
    };
    Ok(parse(&text).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_comments() {
        let text = "# sent_id = a-p0-s0\n# text = Hi there.\n\
            1\tHi\thi\tINTJ\tUH\t_\t2\tintj\t_\tNER=O\n\
            2\tthere\tthere\tADV\tRB\t_\t0\tROOT\t_\tSpaceAfter=No\n\
            3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n\
            1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\nbroken line\n";
        let (sentences, n_bad) = parse(text);
        assert_eq!(sentences.len(), 1);
        assert_eq!(n_bad, 1);
        let s = &sentences[0];
        assert_eq!(s.sent_id.as_deref(), Some("a-p0-s0"));
        assert_eq!(s.text.as_deref(), Some("Hi there."));
        assert_eq!(s.words.len(), 3);
        assert!(!s.words[1].space_after && s.words[0].space_after);
        assert_eq!(s.words[1].head, 0);
    }
}
