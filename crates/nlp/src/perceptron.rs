//! Averaged perceptron: sparse 32-bit feature keys, sparse rows of class
//! weights.
//!
//! At run time ([`Weights`]) a feature key is looked up in an
//! open-addressing table whose slot holds the key and the feature's row:
//! its non-zero (class, 16-bit weight) entries, inside the slot when there
//! are at most three, else in a separate array. Most features touch few
//! classes, so sparse rows keep the tables small enough to stay in cache. During training ([`Trainer`]) rows are dense
//! `f32` with lazy averaging.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{ModelError, Reader, Writer};

/// Marks a slot whose row is stored outside it (in the top byte of the
/// slot's second word).
const EXTERNAL: u32 = 0xFE00_0000;
/// An unused inline entry.
const UNUSED: u32 = u32::MAX;
/// Entries that fit inside a slot.
const INLINE: usize = 3;

/// Runtime weights: feature key to a sparse row of quantized class weights.
///
/// A slot is four words: the key (0 for an empty slot), then either up to
/// three row entries ([`UNUSED`] when fewer), or [`EXTERNAL`] with the row
/// length, the row's offset in `entries`, and an unused word. An entry is
/// the class in the high 16 bits and the weight in the low 16. Most rows
/// are short, so most lookups touch one cache line.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<[u32; 4]>,
    /// Entries of the rows too long for their slot.
    entries: Vec<u32>,
}

/// One row entry.
#[inline]
fn entry(class: usize, w: i16) -> u32 {
    (class as u32) << 16 | w as u16 as u32
}

impl Weights {
    /// Number of classes each row scores.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with a row.
    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s[0] != 0).count()
    }

    /// Builds the table from keys and their dense rows (`n_classes` weights
    /// each).
    fn build(n_classes: usize, keys: &[u32], dense: &[i16]) -> Weights {
        let mut builder = Builder::new(n_classes, keys.len());
        for (&key, row) in keys.iter().zip(dense.chunks_exact(n_classes.max(1))) {
            builder
                .push(key, row.iter().enumerate().filter(|&(_, &w)| w != 0).map(|(c, &w)| (c, w)));
        }
        builder.finish()
    }

    /// Slots of a table of `n_features` features: load at most one half.
    pub(crate) fn capacity(n_features: usize) -> usize {
        (n_features * 2).next_power_of_two().max(16)
    }

    /// A table without features.
    pub(crate) fn build_empty(n_classes: usize) -> Weights {
        Weights::build(n_classes, &[], &[])
    }

    /// The slot of `key`, if the feature is known, probing from `home`.
    #[inline]
    fn find(&self, key: u32, home: usize) -> Option<&[u32; 4]> {
        let mut i = home;
        loop {
            let slot = &self.slots[i];
            if slot[0] == key {
                return Some(slot);
            }
            if slot[0] == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
            if i == home {
                return None;
            }
        }
    }

    /// The entries of the row in `slot`.
    #[inline]
    fn row_of<'a>(&'a self, slot: &'a [u32; 4]) -> &'a [u32] {
        if slot[1] & 0xFF00_0000 == EXTERNAL {
            let len = (slot[1] & 0xFF) as usize;
            let offset = slot[2] as usize;
            self.entries.get(offset..offset + len).unwrap_or(&[])
        } else {
            let n = slot[1..].iter().take_while(|&&e| e != UNUSED).count();
            &slot[1..1 + n]
        }
    }

    /// Adds the rows of `keys` into `scores`, which has one entry per
    /// class (`N` must be [`Weights::n_classes`]; other lengths score
    /// nothing).
    ///
    /// Keys go in chunks: first the home slot of every key in the chunk is
    /// copied, with no branch between the loads so that the cache misses
    /// overlap; then the rows are added into a fixed-size accumulator, and
    /// only keys whose home slot holds another key are probed further.
    #[inline]
    pub(crate) fn score<const N: usize>(&self, keys: &[u32], scores: &mut [i32; N]) {
        const CHUNK: usize = 32;
        let mut acc = [0i32; N];
        if self.n_classes != N {
            *scores = acc;
            return;
        }
        for chunk in keys.chunks(CHUNK) {
            let mut home = [[0u32; 4]; CHUNK];
            let mut index = [0usize; CHUNK];
            for ((h, i), &key) in home.iter_mut().zip(index.iter_mut()).zip(chunk) {
                *i = slot_of(key) & self.mask;
                *h = self.slots[*i];
            }
            for ((slot, &i), &key) in home.iter().zip(&index).zip(chunk) {
                let row = if slot[0] == key {
                    self.row_of(slot)
                } else if slot[0] == 0 {
                    continue;
                } else {
                    match self.find(key, i) {
                        Some(slot) => self.row_of(slot),
                        None => continue,
                    }
                };
                for &e in row {
                    if let Some(a) = acc.get_mut((e >> 16) as usize) {
                        *a += e as u16 as i16 as i32;
                    }
                }
            }
        }
        *scores = acc;
    }

    /// Serializes the weights.
    ///
    /// Features are written in the order of their home slots in a table of
    /// `capacity(n_features)` slots (then by key), so that the reader of the
    /// same table kind inserts them almost sequentially.
    pub(crate) fn write(&self, w: &mut Writer, capacity: fn(usize) -> usize) {
        let mut keyed: Vec<&[u32; 4]> = self.slots.iter().filter(|s| s[0] != 0).collect();
        let mask = capacity(keyed.len()) - 1;
        keyed.sort_unstable_by_key(|s| (slot_of(s[0]) & mask, s[0]));
        w.u32(self.n_classes as u32);
        w.u32(keyed.len() as u32);
        for slot in &keyed {
            w.u32(slot[0]);
        }
        for slot in &keyed {
            let row = self.row_of(slot);
            w.varint(row.len() as u64);
            let mut last_class = 0usize;
            for &e in row {
                let class = (e >> 16) as usize;
                w.varint((class - last_class) as u64);
                last_class = class;
                w.varint(zigzag(e as u16 as i16));
            }
        }
    }

    /// Reads weights written by [`Weights::write`].
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Weights, ModelError> {
        let mut builder: Option<Builder> = None;
        let mut full = false;
        let (n_classes, _) = read_rows(r, |n_classes, n_features, key, row| {
            let b = builder.get_or_insert_with(|| Builder::new(n_classes, n_features));
            full |= !b.push(key, row.iter().copied());
        })?;
        if full {
            return Err(ModelError::corrupt("too many weights"));
        }
        Ok(builder.unwrap_or_else(|| Builder::new(n_classes, 0)).finish())
    }
}

/// Reads a table written by [`Weights::write`], calling `f` with the class
/// count, the feature count, and each key with its (class, weight) entries.
fn read_rows(
    r: &mut Reader<'_>,
    mut f: impl FnMut(usize, usize, u32, &[(usize, i16)]),
) -> Result<(usize, usize), ModelError> {
    let n_classes = r.u32()? as usize;
    let n_features = r.u32()? as usize;
    if n_classes == 0 || n_classes > 255 || n_features > r.remaining() {
        return Err(ModelError::corrupt("weight table size"));
    }
    let mut keys = Vec::with_capacity(n_features);
    for _ in 0..n_features {
        let key = r.u32()?;
        if key == 0 {
            return Err(ModelError::corrupt("feature key"));
        }
        keys.push(key);
    }
    let mut row = Vec::with_capacity(n_classes);
    for &key in &keys {
        let n_nonzero = r.varint()? as usize;
        if n_nonzero > n_classes {
            return Err(ModelError::corrupt("row length"));
        }
        row.clear();
        let mut class = 0usize;
        for i in 0..n_nonzero {
            let delta = r.varint()? as usize;
            if i > 0 && delta == 0 {
                return Err(ModelError::corrupt("class index"));
            }
            class = class.saturating_add(delta);
            if class >= n_classes {
                return Err(ModelError::corrupt("class index"));
            }
            let value = unzigzag(r.varint()?).ok_or(ModelError::corrupt("weight"))?;
            row.push((class, value));
        }
        f(n_classes, n_features, key, &row);
    }
    Ok((n_classes, n_features))
}

/// Builds a [`Weights`] table row by row.
struct Builder {
    n_classes: usize,
    rows: Vec<(u32, [u32; 3])>,
    entries: Vec<u32>,
}

impl Builder {
    fn new(n_classes: usize, n_features: usize) -> Builder {
        Builder { n_classes, rows: Vec::with_capacity(n_features), entries: Vec::new() }
    }

    /// Adds a row; false (and nothing added) when the key is 0, the row is
    /// longer than 255 entries or the table is full.
    fn push(&mut self, key: u32, row: impl Iterator<Item = (usize, i16)>) -> bool {
        let offset = self.entries.len();
        self.entries.extend(row.filter(|&(_, w)| w != 0).map(|(c, w)| entry(c, w)));
        let len = self.entries.len() - offset;
        if key == 0 || len > 0xFF || offset > u32::MAX as usize - 256 {
            self.entries.truncate(offset);
            return false;
        }
        if len == 0 {
            return true;
        }
        let mut data = [UNUSED; 3];
        if len <= INLINE {
            data[..len].copy_from_slice(&self.entries[offset..]);
            self.entries.truncate(offset);
        } else {
            data = [EXTERNAL | len as u32, offset as u32, 0];
        }
        self.rows.push((key, data));
        true
    }

    fn finish(self) -> Weights {
        let capacity = Weights::capacity(self.rows.len());
        let mask = capacity - 1;
        let mut slots = vec![[0u32; 4]; capacity];
        for &(key, [a, b, c]) in &self.rows {
            let mut i = slot_of(key) & mask;
            while slots[i][0] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = [key, a, b, c];
        }
        Weights { n_classes: self.n_classes, mask, slots, entries: self.entries }
    }
}

/// Weights of four classes packed into 8-byte hash slots, so that a lookup
/// is one memory access into a table a third the size of [`Weights`]'s (the
/// parser's transition model).
///
/// A slot holds a 16-bit check (the key's high half, at least 1; 0 marks an
/// empty slot) and the four weights rounded to 12 bits. Two features whose
/// keys share a home run and a check value merge, and an unknown feature
/// matches a known one with odds of about 1 in 65,536 per probe; both cost
/// a little accuracy, measured with the rest. The table is filled to at
/// most 80%.
#[derive(Clone, Debug)]
pub(crate) struct InlineWeights4 {
    mask: usize,
    slots: Vec<u64>,
    /// The weights at full precision, kept when the table was trained here
    /// so that it can be written out.
    source: Option<Weights>,
}

/// Bits dropped from the 16-bit weights to fit 12.
const PACK_SHIFT: u32 = 2;

#[inline]
fn check_of(key: u32) -> u64 {
    ((key >> 16) as u64).max(1)
}

impl InlineWeights4 {
    /// Packs a four-class table; `None` for other class counts. With
    /// `keep_source` the full table is kept for [`InlineWeights4::source`].
    pub(crate) fn new(w: Weights, keep_source: bool) -> Option<InlineWeights4> {
        if w.n_classes != 4 {
            return None;
        }
        let mut table = InlineWeights4::with_capacity(w.n_features());
        for slot in w.slots.iter().filter(|s| s[0] != 0) {
            table.insert(slot[0], w.row_of(slot).iter().copied());
        }
        table.source = keep_source.then_some(w);
        Some(table)
    }

    /// Reads a four-class table written by [`Weights::write`] straight into
    /// packed slots.
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<InlineWeights4, ModelError> {
        let mut table: Option<InlineWeights4> = None;
        let mut bad = false;
        let (n_classes, _) = read_rows(r, |n_classes, n_features, key, row| {
            bad |= n_classes != 4;
            let t = table.get_or_insert_with(|| InlineWeights4::with_capacity(n_features));
            t.insert(key, row.iter().map(|&(c, w)| entry(c, w)));
        })?;
        if bad || n_classes != 4 {
            return Err(ModelError::corrupt("transition classes"));
        }
        Ok(table.unwrap_or_else(|| InlineWeights4::with_capacity(0)))
    }

    fn with_capacity(n_features: usize) -> InlineWeights4 {
        let capacity = InlineWeights4::capacity(n_features);
        InlineWeights4 { mask: capacity - 1, slots: vec![0u64; capacity], source: None }
    }

    /// Slots of a table of `n_features` features: load at most 80%.
    pub(crate) fn capacity(n_features: usize) -> usize {
        (n_features * 5 / 4 + 1).next_power_of_two().max(16)
    }

    /// Packs and inserts one row given as entries (see [`entry`]).
    fn insert(&mut self, key: u32, row: impl Iterator<Item = u32>) {
        let mut packed = check_of(key);
        for e in row {
            let class = (e >> 16) as u64;
            let value = ((e as u16 as i16) >> PACK_SHIFT) as u64 & 0xFFF;
            packed |= value << (16 + 12 * class.min(3));
        }
        let mut i = slot_of(key) & self.mask;
        while self.slots[i] != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = packed;
    }

    /// The full-precision table, if kept.
    pub(crate) fn source(&self) -> Option<&Weights> {
        self.source.as_ref()
    }

    /// Number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|&&s| s != 0).count()
    }

    /// Adds the weights of `keys` into `scores`.
    ///
    /// As in [`Weights::score`], the home slots of a chunk of keys are all
    /// read before any is looked at, so that their cache misses overlap.
    #[inline]
    pub(crate) fn score(&self, keys: &[u32], scores: &mut [i32; 4]) {
        const CHUNK: usize = 32;
        let mut acc = [0i32; 4];
        for chunk in keys.chunks(CHUNK) {
            let mut home = [0u64; CHUNK];
            let mut index = [0usize; CHUNK];
            for ((h, i), &key) in home.iter_mut().zip(index.iter_mut()).zip(chunk) {
                *i = slot_of(key) & self.mask;
                *h = self.slots[*i];
            }
            for ((&slot, &i), &key) in home.iter().zip(&index).zip(chunk) {
                let check = check_of(key);
                let packed = if slot & 0xFFFF == check {
                    slot
                } else if slot == 0 {
                    continue;
                } else {
                    match self.probe(check, i) {
                        Some(packed) => packed,
                        None => continue,
                    }
                };
                for (class, a) in acc.iter_mut().enumerate() {
                    // Sign-extend the 12-bit field.
                    let field = (packed >> (16 + 12 * class)) as u16 & 0xFFF;
                    *a += (((field << 4) as i16) >> 4) as i32;
                }
            }
        }
        *scores = acc;
    }

    /// Looks a check value up past its home slot `home`.
    fn probe(&self, check: u64, home: usize) -> Option<u64> {
        let mut i = home;
        loop {
            i = (i + 1) & self.mask;
            let slot = self.slots[i];
            if slot & 0xFFFF == check {
                return Some(slot);
            }
            if slot == 0 || i == home {
                return None;
            }
        }
    }
}

#[inline]
fn slot_of(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) ^ (key >> 16)) as usize
}

fn zigzag(x: i16) -> u64 {
    (((x as i32) << 1) ^ ((x as i32) >> 31)) as u32 as u64
}

fn unzigzag(x: u64) -> Option<i16> {
    let x = u32::try_from(x).ok()?;
    i16::try_from(((x >> 1) as i32) ^ -((x & 1) as i32)).ok()
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, x: u32) {
        self.0 = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Hash map keyed by hashes.
pub(crate) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<IdentityHasher>>;

/// Training weights with lazy averaging.
pub(crate) struct Trainer {
    n_classes: usize,
    index: KeyMap<u32, u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    counts: Vec<u32>,
    /// Number of instances seen so far (the averaging clock).
    now: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: KeyMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            counts: Vec::new(),
            now: 0,
        }
    }

    /// Scores of the current (not averaged) weights.
    pub(crate) fn score(&self, keys: &[u32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for key in keys {
            if let Some(&row) = self.index.get(key) {
                let row = row as usize * self.n_classes;
                for (s, &w) in scores.iter_mut().zip(&self.weights[row..row + self.n_classes]) {
                    *s += w;
                }
            }
        }
    }

    /// Advances the averaging clock by one instance.
    pub(crate) fn tick(&mut self) {
        self.now += 1;
    }

    /// Perceptron update: `truth` up, `guess` down, for all `keys`.
    pub(crate) fn update(&mut self, keys: &[u32], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &key in keys {
            let n_rows = self.index.len() as u32;
            let row = *self.index.entry(key).or_insert(n_rows) as usize;
            if row == n_rows as usize {
                let n = self.weights.len() + self.n_classes;
                self.weights.resize(n, 0.0);
                self.totals.resize(n, 0.0);
                self.stamps.resize(n, 0);
                self.counts.push(0);
            }
            self.counts[row] += 1;
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let i = row * self.n_classes + class;
                self.totals[i] += (self.now - self.stamps[i]) as f64 * self.weights[i] as f64;
                self.stamps[i] = self.now;
                self.weights[i] += delta;
            }
        }
    }

    /// Averaged, pruned and quantized weights.
    ///
    /// Features updated fewer than `min_count` times are dropped; of the
    /// rest, the `max_features` with the largest total weight are kept, and
    /// weights that quantize to zero are dropped. Weights are scaled so that
    /// the largest is `QUANT_MAX`.
    pub(crate) fn finish(&self, min_count: u32, max_features: usize) -> Weights {
        let now = self.now.max(1) as f64;
        let nc = self.n_classes;
        let mut avg = vec![0f32; self.weights.len()];
        for (i, a) in avg.iter_mut().enumerate() {
            let total =
                self.totals[i] + (self.now - self.stamps[i]) as f64 * self.weights[i] as f64;
            *a = (total / now) as f32;
        }
        let mut entries: Vec<(f32, u32, u32)> = self
            .index
            .iter()
            .filter(|&(_, &r)| self.counts[r as usize] >= min_count)
            .map(|(&k, &r)| {
                let row = &avg[r as usize * nc..(r as usize + 1) * nc];
                (row.iter().map(|x| x.abs()).sum::<f32>(), k, r)
            })
            .collect();
        entries.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        entries.truncate(max_features);
        entries.sort_unstable_by_key(|e| e.1);
        let max_abs = entries
            .iter()
            .flat_map(|&(_, _, r)| avg[r as usize * nc..(r as usize + 1) * nc].iter())
            .fold(0f32, |m, &x| m.max(x.abs()))
            .max(1e-6);
        let scale = QUANT_MAX / max_abs;
        let mut keys = Vec::new();
        let mut weights = Vec::new();
        for (_, key, row) in entries {
            let row = row as usize * nc;
            let q: Vec<i16> = avg[row..row + nc]
                .iter()
                .map(|&x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            keys.push(key);
            weights.extend(q);
        }
        Weights::build(nc, &keys, &weights)
    }
}

/// The largest quantized weight.
const QUANT_MAX: f32 = 8000.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u32, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = [0f32; 3];
        for _ in 0..5 {
            for (keys, truth) in &data {
                t.tick();
                t.score(keys, &mut scores);
                let guess = argmax_f32(&scores);
                t.update(keys, *truth, guess);
            }
        }
        let w = t.finish(1, 100);
        let mut out = Writer::default();
        w.write(&mut out, Weights::capacity);
        let bytes = out.into_inner();
        let w2 = Weights::read(&mut Reader::new(&bytes)).unwrap();
        let mut s = [0i32; 3];
        for (keys, truth) in &data {
            w2.score(keys, &mut s);
            assert_eq!(s.iter().enumerate().max_by_key(|&(_, v)| *v).unwrap().0, *truth);
        }
        assert!(w2.find(999, slot_of(999) & w2.mask).is_none());
        for (x, y) in [(0i16, 0u64), (-1, 1), (1, 2), (i16::MIN, 65535)] {
            assert_eq!(zigzag(x), y);
            assert_eq!(unzigzag(y), Some(x));
        }
    }

    fn argmax_f32(s: &[f32]) -> usize {
        let mut best = 0;
        for i in 1..s.len() {
            if s[i] > s[best] {
                best = i;
            }
        }
        best
    }
}
