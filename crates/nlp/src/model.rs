//! The binary model format.
//!
//! A model file is
//!
//! ```text
//! magic   8 bytes  "DYADNLP\0"
//! version u32 LE   FORMAT_VERSION
//! kind    u32 LE   1 = tagger (with lemmatizer), 2 = parser (with labeller)
//! length  u64 LE   payload length in bytes
//! payload          kind-specific sections (see `Tagger::write`, `Parser::write`)
//! check   u64 LE   hash of the payload
//! ```
//!
//! Integers inside the payload are little-endian `u32` or LEB128 varints;
//! strings are a varint length and UTF-8 bytes.

use crate::hash::hash_bytes;

/// Magic bytes at the start of every model file.
pub const MAGIC: &[u8; 8] = b"DYADNLP\0";
/// Version of the model format written by this crate.
///
/// It changes whenever the files' meaning does, not only their layout:
/// version 3 has the layout of version 2, but the tagger's features
/// (sentence case, right-context classes, the second pass) differ, so
/// that a version 2 tagger would load and tag badly. Version 4 holds the
/// same weights as version 3, but as the run-time tables themselves
/// (buckets, rows, rounded weights) rather than as rows of 16-bit weights
/// to pack on loading, so that loading is mostly a copy. Version 5 adds to
/// each table a filter of the keys stored beyond their home bucket, so
/// that a lookup of an unknown key seldom reads a second bucket.
pub const FORMAT_VERSION: u32 = 5;

/// The oldest format version this crate still reads (see
/// [`FORMAT_VERSION`]).
pub const OLDEST_READ_VERSION: u32 = 3;

/// What a model file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModelKind {
    Tagger = 1,
    Parser = 2,
}

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not a dyad model file (bad magic)")]
    BadMagic,
    /// The format version is not one this crate reads.
    #[error(
        "model format version {found} is not supported (expected {OLDEST_READ_VERSION} to {FORMAT_VERSION})"
    )]
    Version {
        /// The version found in the file.
        found: u32,
    },
    /// The file holds another kind of model.
    #[error("model kind {found} where kind {expected} was expected")]
    WrongKind {
        /// Kind found in the file.
        found: u32,
        /// Kind expected by the caller.
        expected: u32,
    },
    /// The file ends early.
    #[error("model file is truncated")]
    Truncated,
    /// The checksum or a field is wrong.
    #[error("model file is corrupt: {0}")]
    Corrupt(&'static str),
}

impl ModelError {
    pub(crate) fn corrupt(what: &'static str) -> ModelError {
        ModelError::Corrupt(what)
    }
}

/// Appends model data to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u32(&mut self, x: u32) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }

    /// Writes 16-bit values: a `u32` count, then each value; read back
    /// with [`Reader::u16s`].
    pub(crate) fn u16s(&mut self, values: &[u16]) {
        self.u32(values.len() as u32);
        for &v in values {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Writes bytes: a `u32` count, then the bytes; read back with
    /// [`Reader::bytes`].
    pub(crate) fn bytes(&mut self, values: &[u8]) {
        self.u32(values.len() as u32);
        self.buf.extend_from_slice(values);
    }

    pub(crate) fn varint(&mut self, mut x: u64) {
        loop {
            let byte = (x & 0x7F) as u8;
            x >>= 7;
            if x == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    /// Writes (key, value) pairs sorted by key: a `u32` count, then varint
    /// pairs; read back with [`Reader::pairs`].
    pub(crate) fn pairs(&mut self, pairs: impl Iterator<Item = (u64, u64)>) {
        let mut pairs: Vec<(u64, u64)> = pairs.collect();
        pairs.sort_unstable();
        self.u32(pairs.len() as u32);
        for (k, v) in pairs {
            self.varint(k);
            self.varint(v);
        }
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    #[cfg(test)]
    pub(crate) fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    /// Wraps the payload in this writer into a complete model file.
    pub(crate) fn into_file(self, kind: ModelKind) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buf.len() + 32);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(kind as u32).to_le_bytes());
        out.extend_from_slice(&(self.buf.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.buf);
        out.extend_from_slice(&hash_bytes(&self.buf).to_le_bytes());
        out
    }
}

/// Reads model data from a byte slice.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The format version of the file read.
    version: u32,
}

impl<'a> Reader<'a> {
    /// A reader of data in the current format.
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0, version: FORMAT_VERSION }
    }

    /// A reader of data in format `version`.
    #[cfg(test)]
    pub(crate) fn with_version(buf: &'a [u8], version: u32) -> Reader<'a> {
        Reader { buf, pos: 0, version }
    }

    /// The format version of the data.
    pub(crate) fn version(&self) -> u32 {
        self.version
    }

    /// Reads 16-bit values written by [`Writer::u16s`].
    pub(crate) fn u16s(&mut self) -> Result<Vec<u16>, ModelError> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(2).ok_or(ModelError::Truncated)?)?;
        Ok(bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect())
    }

    /// Reads bytes written by [`Writer::bytes`].
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// Checks the header and checksum of a model file and returns a reader
    /// over its payload.
    pub(crate) fn open(file: &'a [u8], kind: ModelKind) -> Result<Reader<'a>, ModelError> {
        if file.len() < 8 || &file[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let mut header = Reader::new(&file[8..]);
        let version = header.u32()?;
        if !(OLDEST_READ_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(ModelError::Version { found: version });
        }
        let found = header.u32()?;
        if found != kind as u32 {
            return Err(ModelError::WrongKind { found, expected: kind as u32 });
        }
        let len = header.u64()?;
        let start = 8 + header.pos;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| start.checked_add(len))
            .ok_or(ModelError::Truncated)?;
        let payload = file.get(start..end).ok_or(ModelError::Truncated)?;
        let check = Reader::new(file.get(end..).unwrap_or(&[])).u64()?;
        if check != hash_bytes(payload) {
            return Err(ModelError::corrupt("checksum mismatch"));
        }
        Ok(Reader { buf: payload, pos: 0, version })
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or(ModelError::Truncated)?;
        let bytes = self.buf.get(self.pos..end).ok_or(ModelError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// Reads a `u32` count of items that each take at least one byte.
    pub(crate) fn count(&mut self) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n > self.remaining() { Err(ModelError::Truncated) } else { Ok(n) }
    }

    /// Reads pairs written by [`Writer::pairs`] into a map, converting each
    /// value with `value` (which fails on values out of range).
    pub(crate) fn pairs<V>(
        &mut self,
        value: impl Fn(u64) -> Option<V>,
    ) -> Result<crate::perceptron::KeyMap<u64, V>, ModelError> {
        let n = self.count()?;
        let mut map = crate::perceptron::KeyMap::default();
        map.reserve(n);
        for _ in 0..n {
            let k = self.varint()?;
            let v = value(self.varint()?).ok_or(ModelError::corrupt("map value"))?;
            map.insert(k, v);
        }
        Ok(map)
    }

    #[inline]
    pub(crate) fn varint(&mut self) -> Result<u64, ModelError> {
        // Fast path: most varints in a model are one byte.
        if let Some(&byte) = self.buf.get(self.pos)
            && byte < 0x80
        {
            self.pos += 1;
            return Ok(byte as u64);
        }
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            x |= ((byte & 0x7F) as u64) << shift;
            if byte & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(ModelError::corrupt("varint too long"))
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, ModelError> {
        let len = usize::try_from(self.varint()?).map_err(|_| ModelError::Truncated)?;
        std::str::from_utf8(self.take(len)?).map_err(|_| ModelError::corrupt("string is not UTF-8"))
    }

    /// Fails unless the whole payload was read.
    pub(crate) fn finish(&self) -> Result<(), ModelError> {
        if self.remaining() == 0 { Ok(()) } else { Err(ModelError::corrupt("trailing bytes")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_checks() {
        let mut w = Writer::default();
        w.u32(7);
        w.varint(300);
        w.str("héllo");
        let file = w.into_file(ModelKind::Tagger);
        let mut r = Reader::open(&file, ModelKind::Tagger).unwrap();
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.str().unwrap(), "héllo");
        r.finish().unwrap();
        assert!(matches!(
            Reader::open(&file, ModelKind::Parser),
            Err(ModelError::WrongKind { .. })
        ));
        assert!(matches!(Reader::open(b"nonsense", ModelKind::Tagger), Err(ModelError::BadMagic)));
        for cut in 0..file.len() {
            assert!(Reader::open(&file[..cut], ModelKind::Tagger).is_err());
        }
        let mut bad = file.clone();
        let n = bad.len();
        bad[n - 10] ^= 1;
        assert!(Reader::open(&bad, ModelKind::Tagger).is_err());
    }
}
