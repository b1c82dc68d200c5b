//! Averaged perceptron: sparse 32-bit feature keys, dense rows of class
//! weights.
//!
//! At run time ([`Weights`]) a feature key is looked up in an
//! open-addressing table that gives the feature's row: `n_classes` 16-bit
//! weights in one contiguous slice. Unknown features cost one probe. During
//! training ([`Trainer`]) rows are `f32` with lazy averaging.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{ModelError, Reader, Writer};

/// Runtime weights: feature key to a row of quantized class weights.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    n_classes: usize,
    mask: usize,
    /// Open-addressing slots: key in the high half, row in the low half;
    /// key 0 marks an empty slot.
    slots: Vec<u64>,
    weights: Vec<i16>,
}

impl Weights {
    /// Number of classes each row scores.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with a row.
    pub(crate) fn n_features(&self) -> usize {
        self.weights.len() / self.n_classes.max(1)
    }

    /// Builds the table from parallel lists of keys and rows.
    fn build(n_classes: usize, keys: &[u32], weights: Vec<i16>) -> Weights {
        let capacity = (keys.len() * 2).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![0u64; capacity];
        for (row, &key) in keys.iter().enumerate() {
            let mut i = slot_of(key) & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = ((key as u64) << 32) | row as u64;
        }
        Weights { n_classes, mask, slots, weights }
    }

    /// The row of `key`, if the feature is known.
    #[inline]
    pub(crate) fn row(&self, key: u32) -> Option<&[i16]> {
        let mut i = slot_of(key) & self.mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == key {
                let row = (slot & 0xFFFF_FFFF) as usize * self.n_classes;
                return self.weights.get(row..row + self.n_classes);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the rows of `keys` into `scores` (length `n_classes`).
    #[inline]
    pub(crate) fn score(&self, keys: &[u32], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for &key in keys {
            if let Some(row) = self.row(key) {
                for (s, &w) in scores.iter_mut().zip(row) {
                    *s += w as i32;
                }
            }
        }
    }

    /// Serializes the weights.
    pub(crate) fn write(&self, w: &mut Writer) {
        let mut entries: Vec<(u32, usize)> = self
            .slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| ((s >> 32) as u32, (s & 0xFFFF_FFFF) as usize))
            .collect();
        entries.sort_unstable();
        w.u32(self.n_classes as u32);
        w.u32(entries.len() as u32);
        let mut last = 0u32;
        for &(key, _) in &entries {
            w.varint((key - last) as u64);
            last = key;
        }
        for &(_, row) in &entries {
            let row = &self.weights[row * self.n_classes..(row + 1) * self.n_classes];
            let n_nonzero = row.iter().filter(|&&x| x != 0).count();
            w.varint(n_nonzero as u64);
            let mut last_class = 0usize;
            for (class, &x) in row.iter().enumerate() {
                if x != 0 {
                    w.varint((class - last_class) as u64);
                    last_class = class;
                    w.varint(zigzag(x));
                }
            }
        }
    }

    /// Reads weights written by [`Weights::write`].
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Weights, ModelError> {
        let n_classes = r.u32()? as usize;
        let n_features = r.u32()? as usize;
        if n_classes == 0 || n_classes > 4096 || n_features > r.remaining() {
            return Err(ModelError::corrupt("weight table size"));
        }
        let mut keys = Vec::with_capacity(n_features);
        let mut last = 0u64;
        for _ in 0..n_features {
            let delta = r.varint()?;
            last = last.saturating_add(delta);
            if delta == 0 || last > u32::MAX as u64 {
                return Err(ModelError::corrupt("feature key"));
            }
            keys.push(last as u32);
        }
        let mut weights = vec![0i16; n_features * n_classes];
        for row in weights.chunks_exact_mut(n_classes) {
            let n_nonzero = r.varint()? as usize;
            if n_nonzero > n_classes {
                return Err(ModelError::corrupt("row length"));
            }
            let mut class = 0usize;
            for _ in 0..n_nonzero {
                class += r.varint()? as usize;
                let value = unzigzag(r.varint()?).ok_or(ModelError::corrupt("weight"))?;
                *row.get_mut(class).ok_or(ModelError::corrupt("class index"))? = value;
            }
        }
        Ok(Weights::build(n_classes, &keys, weights))
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

    /// Number of distinct features seen in updates.
    pub(crate) fn n_features(&self) -> usize {
        self.index.len()
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
    /// Features updated fewer than `min_count` times are dropped, and so are
    /// weights that quantize to zero.
    pub(crate) fn finish(&self, min_count: u32) -> Weights {
        let now = self.now.max(1) as f64;
        let mut avg = vec![0f32; self.weights.len()];
        for (i, a) in avg.iter_mut().enumerate() {
            let total =
                self.totals[i] + (self.now - self.stamps[i]) as f64 * self.weights[i] as f64;
            *a = (total / now) as f32;
        }
        let max_abs = avg.iter().fold(0f32, |m, &x| m.max(x.abs())).max(1e-6);
        let scale = 32000.0 / max_abs;
        let mut entries: Vec<(u32, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        entries.sort_unstable();
        let mut keys = Vec::new();
        let mut weights = Vec::new();
        for (key, row) in entries {
            if self.counts[row as usize] < min_count {
                continue;
            }
            let row = row as usize * self.n_classes;
            let q: Vec<i16> = avg[row..row + self.n_classes]
                .iter()
                .map(|&x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
                .collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            keys.push(key);
            weights.extend(q);
        }
        Weights::build(self.n_classes, &keys, weights)
    }
}

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
        let w = t.finish(1);
        let mut out = Writer::default();
        w.write(&mut out);
        let bytes = out.into_inner();
        let w2 = Weights::read(&mut Reader::new(&bytes)).unwrap();
        let mut s = [0i32; 3];
        for (keys, truth) in &data {
            w2.score(keys, &mut s);
            assert_eq!(s.iter().enumerate().max_by_key(|&(_, v)| *v).unwrap().0, *truth);
        }
        assert!(w2.row(999).is_none());
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
