//! Actor codes assembled while coding (`RUS` + `GOV` → `RUSGOV`), kept
//! inline so that coding a sentence allocates nothing for them.

use std::fmt;

/// Longest code kept; longer ones are cut at a three-letter boundary.
const CAPACITY: usize = 63;

/// An actor code such as `USAGOV`, `---GOV` or `IGOUNOKID`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode {
    len: u8,
    bytes: [u8; CAPACITY],
}

impl ActorCode {
    /// The empty code.
    pub const EMPTY: ActorCode = ActorCode { len: 0, bytes: [0; CAPACITY] };

    /// The null actor `---`.
    pub fn null() -> ActorCode {
        ActorCode::from_str_lossy("---")
    }

    /// A code from text; text beyond the capacity is dropped (at a
    /// three-byte boundary, so CAMEO triples stay whole).
    pub fn from_str_lossy(text: &str) -> ActorCode {
        let mut code = ActorCode::EMPTY;
        code.push_str(text);
        code
    }

    /// Appends text.
    pub fn push_str(&mut self, text: &str) {
        let room = CAPACITY - self.len as usize;
        let mut take = text.len().min(room);
        if take < text.len() {
            take -= take % 3;
            while !text.is_char_boundary(take) {
                take -= 1;
            }
        }
        self.bytes[self.len as usize..self.len as usize + take]
            .copy_from_slice(&text.as_bytes()[..take]);
        self.len += take as u8;
    }

    /// Puts text in front.
    pub fn prepend(&mut self, text: &str) {
        let old = *self;
        *self = ActorCode::from_str_lossy(text);
        self.push_str(old.as_str());
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only whole UTF-8 sequences are ever copied in.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The code's bytes: what comparisons read, with no UTF-8 check.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// True when the code starts with `---`: no actor, whatever agent
    /// follows (`---GOV`).
    pub fn starts_null(&self) -> bool {
        self.as_bytes().starts_with(b"---")
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True for the null actor `---` alone.
    pub fn is_null(&self) -> bool {
        self.as_bytes() == b"---"
    }

    /// True when `part` occurs at a multiple of three bytes, the CAMEO
    /// convention for three-letter code blocks (`GOV` in `USAGOVMIL`).
    pub fn contains_block(&self, part: &str) -> bool {
        let code = self.as_bytes();
        let part = part.as_bytes();
        if part.is_empty() || part.len() > code.len() {
            return false;
        }
        (0..=code.len() - part.len()).step_by(3).any(|i| &code[i..i + part.len()] == part)
    }
}

impl Default for ActorCode {
    fn default() -> Self {
        ActorCode::EMPTY
    }
}

impl fmt::Debug for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ActorCode;

    #[test]
    fn assemble() {
        let mut code = ActorCode::from_str_lossy("USA");
        code.push_str("GOV");
        assert_eq!(code.as_str(), "USAGOV");
        assert!(code.contains_block("GOV"));
        assert!(!code.contains_block("SAG"));
        code.prepend("IGO");
        assert_eq!(code.as_str(), "IGOUSAGOV");
        assert!(ActorCode::null().is_null());
        let long = ActorCode::from_str_lossy(&"ABC".repeat(30));
        assert_eq!(long.as_str().len(), 63);
        assert!(ActorCode::from_str_lossy("---GOV").starts_null());
        assert!(ActorCode::null().is_null() && ActorCode::null().starts_null());
        assert!(!ActorCode::from_str_lossy("USA---").starts_null());
        assert!(!ActorCode::from_str_lossy("--").starts_null());
        assert_eq!(ActorCode::from_str_lossy("IGOUSA").as_bytes(), b"IGOUSA");
    }
}
