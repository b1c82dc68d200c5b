//! Averaged perceptron: sparse 32-bit feature keys, sparse rows of class
//! weights.
//!
//! During training ([`Trainer`]) rows are dense `f32` with lazy averaging;
//! the averaged, pruned weights are quantized to 16 bits ([`Weights`]),
//! which is what model files hold. At run time a feature key is looked up
//! in a [`BucketTable`]: eight slots to a 64-byte cache line, each with a
//! 16-bit check of its key and six bytes of row. The parser's transition
//! model ([`InlineWeights4`]) packs its four weights into those six bytes;
//! the tagger and the labeller ([`CompactWeights`]) keep up to three
//! (class, 10-bit weight) entries there, longer rows in a separate array,
//! and the longest as dense vectors. Lookups go in chunks whose cache
//! lines are prefetched first, so that their misses overlap.

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

/// Trained weights at full (16-bit) precision: feature key to a sparse row
/// of quantized class weights, as written to model files.
///
/// A slot is four words: the key (0 for an empty slot), then either up to
/// three row entries ([`UNUSED`] when fewer), or [`EXTERNAL`] with the row
/// length, the row's offset in `entries`, and an unused word. An entry is
/// the class in the high 16 bits and the weight in the low 16.
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    n_classes: usize,
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

    /// The features in the order of their home slots in a table of
    /// `capacity(n_features)` slots, then by key: the order of format 3
    /// files, in which the run-time tables are filled (so that a table
    /// built here and one read from a format 3 file are the same).
    fn in_file_order(&self, capacity: fn(usize) -> usize) -> Vec<&[u32; 4]> {
        let mut keyed: Vec<&[u32; 4]> = self.slots.iter().filter(|s| s[0] != 0).collect();
        let mask = capacity(keyed.len()) - 1;
        keyed.sort_unstable_by_key(|s| (slot_of(s[0]) & mask, s[0]));
        keyed
    }

    /// Serializes the weights as rows (model format 3).
    #[cfg(test)]
    pub(crate) fn write(&self, w: &mut Writer, capacity: fn(usize) -> usize) {
        let keyed = self.in_file_order(capacity);
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
        Weights { n_classes: self.n_classes, slots, entries: self.entries }
    }
}

/// Slots of a [`Bucket`].
const BUCKET: usize = 8;
/// Keys looked up together, so that their cache misses overlap.
const CHUNK: usize = 64;
/// Largest share of the slots of a [`BucketTable`] that its features fill.
const MAX_LOAD: f64 = 0.6;

/// The 16-bit key checks of the slots of a [`Bucket`].
type Checks = [u16; BUCKET];

/// Eight hash slots in one 64-byte cache line: the 16-bit checks of their
/// keys (0 marks an empty slot), then 48 bits of payload each.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(64))]
struct Bucket {
    checks: Checks,
    data: [[u16; 3]; BUCKET],
}

/// The run-time hash table of [`InlineWeights4`] and [`CompactWeights`]:
/// a feature lives in a slot of its home bucket or, when that bucket is
/// full, of the next bucket with a free slot. A lookup reads one cache line
/// and compares eight checks; it goes on to the next bucket only when the
/// bucket is full and its byte of `passed` holds the key's [`pass_bit`],
/// so that unknown features (about three lookups in ten on news) nearly
/// always cost one line and no probe chain.
///
/// A slot keeps only a 16-bit check of the 32-bit key (its low half, at
/// least 1; the home bucket comes from the high half), so an unknown
/// feature matches a known one with odds of about 1 in 10,000 per lookup,
/// and two known features with the same check in one bucket run shadow
/// each other; both cost a little accuracy, measured with the rest.
#[derive(Clone, Debug)]
struct BucketTable {
    buckets: Vec<Bucket>,
    /// Per bucket, the [`pass_bit`]s of the keys stored beyond it whose
    /// insertion passed over it (it was full): a lookup that finds a full
    /// bucket without its key goes on only if its bit is here. An unknown
    /// key whose home bucket is full (about one bucket in eight is) thus
    /// stops there always when no key passed over it (about half of the
    /// full buckets) and seven times in eight when one did, instead of
    /// reading the next bucket, a cache miss of its own that no prefetch
    /// covered: 7% of the front-end's time on news before this filter. A
    /// table read from a format 4 file, which has no filter, has every bit
    /// set here.
    passed: Vec<u8>,
}

/// The bit of `key` in a byte of [`BucketTable::passed`]: three bits of
/// its check, which is all a lookup keeps of the key besides its home.
#[inline]
fn pass_bit(key: u32) -> u8 {
    1 << ((key >> 13) & 7)
}

#[inline]
fn check_of(key: u32) -> u16 {
    (key as u16).max(1)
}

/// The first slot of `checks` whose check is `c`, or [`BUCKET`] if none.
#[inline]
fn find_slot(checks: &Checks, c: u16) -> usize {
    (lanes_equal(checks, c) | 1 << BUCKET).trailing_zeros() as usize
}

/// True if `checks` has an empty slot.
#[inline]
fn has_empty(checks: &Checks) -> bool {
    lanes_equal(checks, 0) != 0
}

/// A mask of the slots of `checks` whose check is `c`: bit `j` for slot `j`.
#[inline]
fn lanes_equal(checks: &Checks, c: u16) -> u32 {
    lanes_matching_and_empty(checks, c) & 0xFF
}

/// Masks of the slots of `checks` whose check is `c` (bits 0 to 7, bit `j`
/// for slot `j`) and of the empty ones (bits 8 to 15).
///
/// One comparison of the eight 16-bit lanes with `c` and one with 0, and a
/// move of their top bits. The compiler does not find this in the
/// lane-by-lane form below, and the lookups of the tagger and parser are
/// a third of the front-end's instructions.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
#[allow(unsafe_code)]
fn lanes_matching_and_empty(checks: &Checks, c: u16) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi16, _mm_movemask_epi8, _mm_packs_epi16, _mm_set1_epi16, _mm_setr_epi16,
        _mm_setzero_si128,
    };
    let [a, b, c0, d, e, f, g, h] = checks.map(|l| l as i16);
    // SAFETY: these intrinsics need SSE2, which this code is compiled for
    // (the cfg above; every x86-64 processor has it). They take and return
    // vectors by value and touch no memory.
    unsafe {
        let lanes = _mm_setr_epi16(a, b, c0, d, e, f, g, h);
        let matching = _mm_cmpeq_epi16(lanes, _mm_set1_epi16(c as i16));
        let empty = _mm_cmpeq_epi16(lanes, _mm_setzero_si128());
        // Packing the lanes (all ones or zero) to bytes keeps them.
        _mm_movemask_epi8(_mm_packs_epi16(matching, empty)) as u32
    }
}

/// Masks of the slots of `checks` whose check is `c` (bits 0 to 7) and of
/// the empty ones (bits 8 to 15).
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn lanes_matching_and_empty(checks: &Checks, c: u16) -> u32 {
    checks.iter().enumerate().fold(0, |mask, (j, &lane)| {
        mask | ((lane == c) as u32) << j | ((lane == 0) as u32) << (j + BUCKET)
    })
}

/// The 48-bit payload `p` as the low bits of a word.
#[inline(always)]
fn pack([a, b, c]: [u16; 3]) -> u64 {
    a as u64 | (b as u64) << 16 | (c as u64) << 32
}

/// Starts loading the cache line that holds the start of `item`, without
/// waiting for it. This is the workspace's second `unsafe` block: the
/// intrinsic takes a pointer, though a prefetch reads nothing into the
/// program and does not fault on any address.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unsafe_code)]
pub(crate) fn prefetch<T>(item: &T) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    // SAFETY: a prefetch reads nothing into the program and cannot fault.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(item as *const T as *const i8) }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn prefetch<T>(_: &T) {}

impl BucketTable {
    /// Serializes the buckets as they are, then the filter of keys passed
    /// over (model format 5).
    fn write(&self, w: &mut Writer) {
        let words: Vec<u16> = self
            .buckets
            .iter()
            .flat_map(|b| b.checks.into_iter().chain(b.data.into_iter().flatten()))
            .collect();
        w.u16s(&words);
        w.bytes(&self.passed);
    }

    /// Reads buckets written by [`BucketTable::write`] (from a format 4
    /// file, buckets without a filter: every bit of it is set). Any bytes
    /// make a table that answers lookups without failing (the file's
    /// checksum guards its contents).
    fn read(r: &mut Reader<'_>) -> Result<BucketTable, ModelError> {
        const WORDS: usize = BUCKET * 4;
        let words = r.u16s()?;
        if words.is_empty() || words.len() % WORDS != 0 {
            return Err(ModelError::corrupt("bucket table size"));
        }
        let buckets: Vec<Bucket> = words
            .chunks_exact(WORDS)
            .map(|b| Bucket {
                checks: std::array::from_fn(|j| b[j]),
                data: std::array::from_fn(|j| {
                    [b[BUCKET + 3 * j], b[BUCKET + 3 * j + 1], b[BUCKET + 3 * j + 2]]
                }),
            })
            .collect();
        let passed =
            if r.version() >= 5 { r.bytes()?.to_vec() } else { vec![u8::MAX; buckets.len()] };
        if passed.len() != buckets.len() {
            return Err(ModelError::corrupt("bucket filter size"));
        }
        Ok(BucketTable { buckets, passed })
    }

    /// A table for `n_features` features.
    fn with_capacity(n_features: usize) -> BucketTable {
        let n = ((n_features as f64 / (BUCKET as f64 * MAX_LOAD)).ceil() as usize).max(1);
        BucketTable { buckets: vec![Bucket::default(); n], passed: vec![0; n] }
    }

    /// Home bucket of `key` (below the bucket count).
    #[inline]
    fn home(&self, key: u32) -> usize {
        ((key as u64 * self.buckets.len() as u64) >> 32) as usize
    }

    #[inline]
    fn next(&self, b: usize) -> usize {
        if b + 1 >= self.buckets.len() { 0 } else { b + 1 }
    }

    /// Stores `payload` under `key`; false when the table is full.
    fn insert(&mut self, key: u32, payload: [u16; 3]) -> bool {
        let check = check_of(key);
        let mut b = self.home(key);
        for _ in 0..self.buckets.len() {
            let bucket = &mut self.buckets[b];
            let j = find_slot(&bucket.checks, 0);
            if let (Some(lane), Some(data)) = (bucket.checks.get_mut(j), bucket.data.get_mut(j)) {
                *lane = check;
                *data = payload;
                return true;
            }
            // Full: the key is stored past it (or nowhere, when the table
            // is full, and a bit too many only costs a probe).
            self.passed[b] |= pass_bit(key);
            b = self.next(b);
        }
        false
    }

    /// The payload under `key`, searching from bucket `b` on.
    fn find_from(&self, key: u32, mut b: usize) -> Option<[u16; 3]> {
        let check = check_of(key);
        for _ in 0..self.buckets.len() {
            let bucket = self.buckets.get(b)?;
            let j = find_slot(&bucket.checks, check);
            if j < BUCKET {
                return bucket.data.get(j).copied();
            }
            if has_empty(&bucket.checks) || !self.passed_over(b, key) {
                return None;
            }
            b = self.next(b);
        }
        None
    }

    /// Whether a key stored beyond bucket `b` may be `key` (see
    /// [`BucketTable::passed`]).
    #[inline]
    fn passed_over(&self, b: usize, key: u32) -> bool {
        self.passed.get(b).is_some_and(|&bits| bits & pass_bit(key) != 0)
    }

    /// Calls `found` with the payload of each key of `chunk` in turn (the
    /// 48 bits of [`pack`]), `empty` for the keys the table does not hold.
    ///
    /// First every key's home bucket is prefetched, so that the cache
    /// misses of the whole chunk overlap (a prefetch retires at once, while
    /// a load that misses holds up the instructions behind it: a loop that
    /// loaded the buckets' checks into a copy kept fewer misses in flight
    /// and took 15-25% longer end to end); then each key's slot is picked
    /// from its bucket's checks (its payload is in the same cache line)
    /// without a branch on whether it was found, since that is as likely as
    /// not. One comparison gives both the matching and the empty slots;
    /// only a key that is in neither (its home bucket is full and does not
    /// hold it, which is rare) takes a branch and searches on.
    #[inline]
    fn lookup_chunk(&self, chunk: &[u32], empty: u64, found: impl FnMut(u64)) {
        self.prefetch_keys(chunk);
        self.lookup_prefetched(chunk, empty, found);
    }

    /// [`BucketTable::lookup_chunk`] without its prefetch, for keys whose
    /// buckets the caller has prefetched already.
    #[inline]
    fn lookup_prefetched(&self, chunk: &[u32], empty: u64, mut found: impl FnMut(u64)) {
        for &key in chunk {
            let home = self.home(key);
            let Some(bucket) = self.buckets.get(home) else {
                found(empty);
                continue;
            };
            let lanes = lanes_matching_and_empty(&bucket.checks, check_of(key));
            if lanes == 0 {
                // Not here, and the bucket is full: rare at MAX_LOAD, so
                // this branch is well predicted.
                let further = if self.passed_over(home, key) {
                    self.find_from(key, self.next(home))
                } else {
                    None
                };
                found(further.map_or(empty, pack));
                continue;
            }
            let j = ((lanes & 0xFF) | 1 << BUCKET).trailing_zeros() as usize;
            let payload = pack(bucket.data[j & (BUCKET - 1)]);
            found(std::hint::select_unpredictable(j < BUCKET, payload, empty));
        }
    }

    /// Starts loading the home buckets of `keys`.
    #[inline]
    fn prefetch_keys(&self, keys: &[u32]) {
        for &key in keys {
            if let Some(bucket) = self.buckets.get(self.home(key)) {
                prefetch(bucket);
            }
        }
    }

    /// Number of features stored.
    fn len(&self) -> usize {
        self.buckets.iter().map(|b| b.checks.iter().filter(|&&c| c != 0).count()).sum()
    }
}

/// Weights of four classes packed into 6-byte payloads of a
/// [`BucketTable`] (the parser's transition model): the four weights
/// rounded to 12 bits.
#[derive(Clone, Debug)]
pub(crate) struct InlineWeights4 {
    table: BucketTable,
}

/// How many keys ahead [`InlineWeights4::score_each`] loads weights.
const EACH_AHEAD: usize = 16;

/// Bits dropped from the 16-bit weights to fit 12.
const PACK_SHIFT: u32 = 2;

/// A payload of four 12-bit weights, each stored plus [`PACK_BIAS`] (so
/// that a field is never negative): class `c` in bits `12c..12c + 12`.
type Packed = u64;

/// Added to each packed weight.
const PACK_BIAS: u64 = 0x800;

/// The payload of four zero weights: what a missing feature adds.
const PACKED_ZERO: Packed = PACK_BIAS * 0x0010_0100_1001;

/// Fields 0 and 2 of a 48-bit payload, with 12 bits of headroom above
/// each.
const EVEN_FIELDS: u64 = 0x000F_FF00_0FFF;

/// Most payloads a [`PackedSum`] adds before its fields could overflow
/// into each other (each field is below 2^12, each sum stays below 2^24).
const PACKED_SUM_MAX: usize = 4096;

/// A running sum of payloads: fields 0 and 2 in `even`, 1 and 3 in `odd`,
/// each in 24 bits, so that a payload is added with two masks and two
/// additions rather than unpacked.
#[derive(Clone, Copy, Default)]
struct PackedSum {
    even: u64,
    odd: u64,
}

impl PackedSum {
    #[inline(always)]
    fn add(&mut self, packed: Packed) {
        self.even += packed & EVEN_FIELDS;
        self.odd += (packed >> 12) & EVEN_FIELDS;
    }

    /// The four class sums of `n` payloads.
    #[inline(always)]
    fn scores(self, n: usize) -> [i32; 4] {
        let bias = (n as u64 * PACK_BIAS) as i32;
        let field = |sum: u64, i: u32| ((sum >> (24 * i)) & 0xFF_FFFF) as i32 - bias;
        [field(self.even, 0), field(self.odd, 0), field(self.even, 1), field(self.odd, 1)]
    }
}

impl InlineWeights4 {
    /// Packs a four-class table; `None` for other class counts.
    pub(crate) fn new(w: &Weights) -> Option<InlineWeights4> {
        if w.n_classes != 4 {
            return None;
        }
        let mut table = InlineWeights4::with_capacity(w.n_features());
        for slot in w.in_file_order(InlineWeights4::capacity) {
            table.insert(slot[0], w.row_of(slot).iter().copied());
        }
        Some(table)
    }

    /// Serializes the packed table (model format 5).
    pub(crate) fn write(&self, w: &mut Writer) {
        self.table.write(w);
    }

    /// Reads a table written by [`InlineWeights4::write`], or, from a
    /// format 3 file, by [`Weights::write`] (packed on reading).
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<InlineWeights4, ModelError> {
        if r.version() >= 4 {
            return Ok(InlineWeights4 { table: BucketTable::read(r)? });
        }
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
        InlineWeights4 { table: BucketTable::with_capacity(n_features) }
    }

    /// Slots of a table of `n_features` features in the file order (the
    /// order of home slots of an open-addressing table this size).
    pub(crate) fn capacity(n_features: usize) -> usize {
        (n_features * 5 / 4 + 1).next_power_of_two().max(16)
    }

    /// Packs and inserts one row given as entries (see [`entry`]).
    fn insert(&mut self, key: u32, row: impl Iterator<Item = u32>) {
        let mut packed = PACKED_ZERO;
        for e in row {
            let shift = 12 * (e >> 16).min(3);
            let value = ((e as u16 as i16) >> PACK_SHIFT) as u64;
            packed &= !(0xFFF << shift);
            packed |= (value.wrapping_add(PACK_BIAS) & 0xFFF) << shift;
        }
        // The table is sized for all features of its file.
        self.table.insert(key, [packed as u16, (packed >> 16) as u16, (packed >> 32) as u16]);
    }

    /// Number of features.
    pub(crate) fn n_features(&self) -> usize {
        self.table.len()
    }

    /// Starts loading the weights of `keys`.
    #[inline]
    pub(crate) fn prefetch(&self, keys: &[u32]) {
        self.table.prefetch_keys(keys);
    }

    /// Scores groups of `PER` consecutive keys separately: `out[g]` is set
    /// to the sum of the weights of `keys[g * PER..(g + 1) * PER]`.
    ///
    /// The weights are loaded [`EACH_AHEAD`] keys ahead of the group being
    /// summed, so that the cache misses of the next groups overlap its sum
    /// (a group of one key alone would wait for each miss in turn).
    pub(crate) fn score_each<const PER: usize>(&self, keys: &[u32], out: &mut [[i32; 4]]) {
        out.fill([0; 4]);
        let ahead = EACH_AHEAD.max(PER);
        self.table.prefetch_keys(keys.get(..ahead).unwrap_or(keys));
        for (g, (scores, group)) in out.iter_mut().zip(keys.chunks_exact(PER)).enumerate() {
            let from = g * PER + ahead;
            if let Some(next) = keys.get(from..(from + PER).min(keys.len())) {
                self.table.prefetch_keys(next);
            }
            self.sum(group, false, scores);
        }
    }

    /// What scoring `key` adds to each class: its weights, or zeros for a
    /// key the table does not hold.
    pub(crate) fn weights_of(&self, key: u32) -> [i16; 4] {
        let mut scores = [0; 4];
        self.score(&[key], &mut scores);
        // A single payload field less its bias fits 12 bits.
        scores.map(|s| s as i16)
    }

    /// Sets `scores` to the sums of the weights of `keys`.
    #[inline]
    pub(crate) fn score(&self, keys: &[u32], scores: &mut [i32; 4]) {
        self.sum(keys, true, scores);
    }

    /// [`InlineWeights4::score`] of keys already passed to
    /// [`InlineWeights4::prefetch`] (their lines are not prefetched again).
    #[inline]
    pub(crate) fn score_prefetched(&self, keys: &[u32], scores: &mut [i32; 4]) {
        self.sum(keys, false, scores);
    }

    #[inline(always)]
    fn sum(&self, keys: &[u32], prefetch: bool, scores: &mut [i32; 4]) {
        *scores = [0; 4];
        for part in keys.chunks(PACKED_SUM_MAX) {
            let mut sum = PackedSum::default();
            for chunk in part.chunks(CHUNK) {
                if prefetch {
                    self.table.prefetch_keys(chunk);
                }
                self.table.lookup_prefetched(chunk, PACKED_ZERO, |payload| sum.add(payload));
            }
            for (s, p) in scores.iter_mut().zip(sum.scores(part.len())) {
                *s += p;
            }
        }
    }
}

/// Largest class count of a [`CompactWeights`] table.
const COMPACT_MAX_CLASSES: usize = 61;
/// Class field of an entry that marks a dense row.
const COMPACT_DENSE: u16 = 61 << 10;
/// Rows of at least this many entries are stored dense.
const DENSE_MIN: usize = 16;
/// Class field of an entry that marks an external row.
const COMPACT_EXTERNAL: u16 = 62 << 10;
/// An unused entry of a slot (class field 63).
const COMPACT_UNUSED: u16 = u16::MAX;
/// Bits dropped from the 16-bit weights to fit 10.
const COMPACT_SHIFT: i32 = 4;

/// A dense row of a [`CompactWeights`] table: the weight of every class
/// (64 lanes, two cache lines), added with a few vector instructions.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct DenseRow([i16; 64]);

/// Quantizes a 16-bit weight to a 10-bit entry of `class`; `None` when it
/// rounds to zero.
#[inline]
fn compact_entry(class: usize, w: i16) -> Option<u16> {
    let q = ((w as i32 + (1 << (COMPACT_SHIFT - 1))) >> COMPACT_SHIFT).clamp(-512, 511);
    (q != 0 && class < COMPACT_MAX_CLASSES).then_some((class as u16) << 10 | (q as u16 & 0x3FF))
}

/// Sparse rows of up to [`COMPACT_MAX_CLASSES`] classes in a
/// [`BucketTable`] (the tagger and the arc labeller): an entry is two bytes,
/// the class in the high 6 bits and the weight rounded to 10 bits in the
/// low 10. A slot holds up to three entries; a longer row is stored in
/// `entries` and the slot holds its length and offset, and a row of at
/// least [`DENSE_MIN`] entries (the frequent features: previous tags, the
/// bias) is stored dense, as 16-bit weights of all classes, and added with
/// vector instructions.
#[derive(Clone, Debug)]
pub(crate) struct CompactWeights {
    n_classes: usize,
    table: BucketTable,
    entries: Vec<u16>,
    dense: Vec<DenseRow>,
}

impl CompactWeights {
    /// Packs a table.
    pub(crate) fn new(w: &Weights) -> Result<CompactWeights, ModelError> {
        let mut table = CompactWeights::with_capacity(w.n_classes, w.n_features())?;
        for slot in w.in_file_order(Weights::capacity) {
            let row: Vec<(usize, i16)> =
                w.row_of(slot).iter().map(|&e| ((e >> 16) as usize, e as u16 as i16)).collect();
            table.insert(slot[0], &row)?;
        }
        Ok(table)
    }

    fn with_capacity(n_classes: usize, n_features: usize) -> Result<CompactWeights, ModelError> {
        if n_classes > COMPACT_MAX_CLASSES {
            return Err(ModelError::corrupt("too many classes"));
        }
        Ok(CompactWeights {
            n_classes,
            table: BucketTable::with_capacity(n_features),
            entries: Vec::new(),
            dense: Vec::new(),
        })
    }

    /// Reads a table written by [`CompactWeights::write`], or, from a
    /// format 3 file, by [`Weights::write`] (packed on reading).
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<CompactWeights, ModelError> {
        if r.version() >= 4 {
            let n_classes = r.u32()? as usize;
            let mut table = CompactWeights::with_capacity(n_classes, 0)?;
            table.table = BucketTable::read(r)?;
            table.entries = r.u16s()?;
            let dense = r.u16s()?;
            if dense.len() % 64 != 0 {
                return Err(ModelError::corrupt("dense rows"));
            }
            table.dense = dense
                .chunks_exact(64)
                .map(|row| DenseRow(std::array::from_fn(|c| row[c] as i16)))
                .collect();
            return Ok(table);
        }
        let mut table: Option<Result<CompactWeights, ModelError>> = None;
        let mut failed: Option<ModelError> = None;
        let (n_classes, _) = read_rows(r, |n_classes, n_features, key, row| {
            let t =
                table.get_or_insert_with(|| CompactWeights::with_capacity(n_classes, n_features));
            if let (Ok(t), None) = (t, &failed)
                && let Err(e) = t.insert(key, row)
            {
                failed = Some(e);
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        table.unwrap_or_else(|| CompactWeights::with_capacity(n_classes, 0))
    }

    /// Quantizes and inserts one row.
    fn insert(&mut self, key: u32, row: &[(usize, i16)]) -> Result<(), ModelError> {
        let offset = self.entries.len();
        self.entries.extend(row.iter().filter_map(|&(c, w)| compact_entry(c, w)));
        let len = self.entries.len() - offset;
        let payload = match len {
            0 => return Ok(()),
            1..=3 => {
                let mut p = [COMPACT_UNUSED; 3];
                p[..len].copy_from_slice(&self.entries[offset..]);
                self.entries.truncate(offset);
                p
            }
            _ if len >= DENSE_MIN => {
                let mut row = DenseRow([0; 64]);
                for &e in &self.entries[offset..] {
                    row.0[(e >> 10) as usize] = ((e << 6) as i16) >> 6;
                }
                self.entries.truncate(offset);
                let index = u32::try_from(self.dense.len())
                    .map_err(|_| ModelError::corrupt("too many weights"))?;
                self.dense.push(row);
                [COMPACT_DENSE, index as u16, (index >> 16) as u16]
            }
            _ => {
                let offset =
                    u32::try_from(offset).map_err(|_| ModelError::corrupt("too many weights"))?;
                [COMPACT_EXTERNAL | len as u16, offset as u16, (offset >> 16) as u16]
            }
        };
        if self.table.insert(key, payload) {
            Ok(())
        } else {
            Err(ModelError::corrupt("too many weights"))
        }
    }

    /// Number of classes each row scores.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with a row.
    pub(crate) fn n_features(&self) -> usize {
        self.table.len()
    }

    /// Serializes the packed table (model format 5).
    pub(crate) fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        self.table.write(w);
        w.u16s(&self.entries);
        let dense: Vec<u16> = self.dense.iter().flat_map(|row| row.0.map(|x| x as u16)).collect();
        w.u16s(&dense);
    }

    /// Starts loading the home buckets of `keys`.
    #[inline]
    pub(crate) fn prefetch(&self, keys: &[u32]) {
        self.table.prefetch_keys(keys);
    }

    /// Sets `scores` to the sums of the rows of `keys`: one entry per class
    /// (`N` must be [`CompactWeights::n_classes`]; other lengths score
    /// nothing).
    #[inline]
    pub(crate) fn score<const N: usize>(&self, keys: &[u32], scores: &mut [i32; N]) {
        *scores = [0; N];
        self.add_scores(keys, scores);
    }

    /// Adds the rows of `keys` into `scores`, which has one entry per
    /// class (`N` must be [`CompactWeights::n_classes`]; other lengths add
    /// nothing).
    #[inline]
    pub(crate) fn add_scores<const N: usize>(&self, keys: &[u32], scores: &mut [i32; N]) {
        let mut acc = [0i32; 64];
        // Sums of dense rows: at most 64 keys (the longest feature list is
        // 42) of 10-bit weights fit 16 bits; saturation is a safeguard.
        let mut acc16 = [0i16; 64];
        if self.n_classes == N {
            let add = |acc: &mut [i32; 64], e: u16| {
                acc[(e >> 10) as usize] += (((e << 6) as i16) >> 6) as i32;
            };
            for chunk in keys.chunks(CHUNK) {
                // Rows in their slots are added at once (unused entries go
                // to class 63, which is not scored); the rows outside their
                // slots are only prefetched on this pass and added after
                // it, so that their cache misses overlap too.
                let mut dense = [0u32; CHUNK];
                let mut n_dense = 0;
                let mut rows = [(0u32, 0u32); CHUNK];
                let mut n_rows = 0;
                self.table.lookup_chunk(chunk, pack([COMPACT_UNUSED; 3]), |packed| {
                    let p = [packed as u16, (packed >> 16) as u16, (packed >> 32) as u16];
                    let kind = p[0] & 0xFC00;
                    let index = (packed >> 16) as u32;
                    if kind == COMPACT_DENSE {
                        if let (Some(row), Some(d)) =
                            (self.dense.get(index as usize), dense.get_mut(n_dense))
                        {
                            prefetch(row);
                            prefetch(&row.0[32]);
                            *d = index;
                            n_dense += 1;
                        }
                    } else if kind == COMPACT_EXTERNAL {
                        if let (Some(e), Some(r)) =
                            (self.entries.get(index as usize), rows.get_mut(n_rows))
                        {
                            prefetch(e);
                            *r = (index, (p[0] & 0x3FF) as u32);
                            n_rows += 1;
                        }
                    } else {
                        for e in p {
                            add(&mut acc, e);
                        }
                    }
                });
                for &index in &dense[..n_dense] {
                    if let Some(row) = self.dense.get(index as usize) {
                        for (a, &w) in acc16.iter_mut().zip(&row.0) {
                            *a = a.saturating_add(w);
                        }
                    }
                }
                for &(offset, len) in &rows[..n_rows] {
                    let (offset, len) = (offset as usize, len as usize);
                    for &e in self.entries.get(offset..offset + len).unwrap_or(&[]) {
                        add(&mut acc, e);
                    }
                }
            }
        }
        for ((s, a), d) in scores.iter_mut().zip(acc).zip(acc16) {
            *s += a + d as i32;
        }
    }
}

#[inline]
fn slot_of(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) ^ (key >> 16)) as usize
}

#[cfg(test)]
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

    /// The averaged weights, row by row.
    fn averaged(&self) -> Vec<f32> {
        let now = self.now.max(1) as f64;
        (0..self.weights.len())
            .map(|i| {
                let total =
                    self.totals[i] + (self.now - self.stamps[i]) as f64 * self.weights[i] as f64;
                (total / now) as f32
            })
            .collect()
    }

    /// Replaces the weights by the sum of this trainer's and `other`'s
    /// averaged weights, and the update counts by theirs, so that
    /// [`Trainer::finish`] gives the sum of the two averaged models (an
    /// ensemble of one linear model). Training cannot go on after this.
    pub(crate) fn merge_averaged(&mut self, other: &Trainer) {
        let mine = self.averaged();
        self.weights = mine;
        self.totals.iter_mut().for_each(|t| *t = 0.0);
        self.stamps.iter_mut().for_each(|s| *s = 0);
        let theirs = other.averaged();
        let nc = self.n_classes;
        let mut keys: Vec<(u32, u32)> = other.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        for (key, r) in keys {
            let n_rows = self.index.len() as u32;
            let row = *self.index.entry(key).or_insert(n_rows) as usize;
            if row == n_rows as usize {
                let n = self.weights.len() + nc;
                self.weights.resize(n, 0.0);
                self.totals.resize(n, 0.0);
                self.stamps.resize(n, 0);
                self.counts.push(0);
            }
            self.counts[row] += other.counts[r as usize];
            let src = &theirs[r as usize * nc..(r as usize + 1) * nc];
            for (w, &x) in self.weights[row * nc..(row + 1) * nc].iter_mut().zip(src) {
                *w += x;
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
        let nc = self.n_classes;
        let avg = self.averaged();
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
        // Format 3 (rows, packed on reading) and format 5 (packed tables)
        // give the same table.
        let mut out = Writer::default();
        w.write(&mut out, Weights::capacity);
        let bytes = out.into_inner();
        let w3 = CompactWeights::read(&mut Reader::with_version(&bytes, 3)).unwrap();
        let mut out = Writer::default();
        CompactWeights::new(&w).unwrap().write(&mut out);
        let packed = out.into_inner();
        let w2 = CompactWeights::read(&mut Reader::new(&packed)).unwrap();
        let mut again = Writer::default();
        w3.write(&mut again);
        assert_eq!(again.into_inner(), packed);
        let mut s = [0i32; 3];
        for (keys, truth) in &data {
            w2.score(keys, &mut s);
            assert_eq!(s.iter().enumerate().max_by_key(|&(_, v)| *v).unwrap().0, *truth);
        }
        assert_eq!(w2.n_features(), w.n_features());
        w2.score(&[999], &mut s);
        assert_eq!(s, [0; 3]);
        for (x, y) in [(0i16, 0u64), (-1, 1), (1, 2), (i16::MIN, 65535)] {
            assert_eq!(zigzag(x), y);
            assert_eq!(unzigzag(y), Some(x));
        }
    }

    #[test]
    fn slot_masks_match_a_lane_by_lane_comparison() {
        // Lanes drawn from a few values so that matches, repeats and empty
        // lanes are common.
        let values = [0u16, 1, 2, 0x8000, 0xFFFF, 0x7FFF];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2000 {
            let mut lanes = [0u16; BUCKET];
            for lane in &mut lanes {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *lane = values[(state % values.len() as u64) as usize];
            }
            let checks = lanes;
            for &c in &values {
                let first = lanes.iter().position(|&l| l == c).unwrap_or(BUCKET);
                assert_eq!(find_slot(&checks, c), first, "{lanes:?} {c}");
                let by_lane = lanes.iter().enumerate().fold(0, |mask, (j, &l)| {
                    mask | ((l == c) as u32) << j | ((l == 0) as u32) << (j + BUCKET)
                });
                assert_eq!(lanes_matching_and_empty(&checks, c), by_lane, "{lanes:?} {c}");
            }
            assert_eq!(has_empty(&checks), lanes.contains(&0), "{lanes:?}");
        }
    }

    #[test]
    fn packed_scores_are_sums_of_the_rounded_weights() {
        // Extreme (the 12 bits of a packed weight hold -8192..=8191 shifted
        // by PACK_SHIFT), mixed and missing weights of four classes, for
        // 1,000 features; keys from 1 (0 is no key).
        let extremes = [-8192, 8191, -1, 0, 1, -4, 4, 1234, -1234];
        let n = 1000usize;
        let mut dense = Vec::new();
        for i in 0..n {
            for c in 0..4 {
                dense.push(extremes[(i * 7 + c * 3) % extremes.len()]);
            }
        }
        let keys: Vec<u32> = (1..=n as u32).collect();
        let built = InlineWeights4::new(&Weights::build(4, &keys, &dense)).unwrap();
        // The same table through a format 5 file.
        let mut out = Writer::default();
        built.write(&mut out);
        let bytes = out.into_inner();
        let table = InlineWeights4::read(&mut Reader::new(&bytes)).unwrap();
        // Score runs of present and absent keys (absent: above n), longer
        // than a lookup chunk.
        let mut query: Vec<u32> = (1..=150).collect();
        query.extend([5000, 6000, 7]);
        let mut expected = [0i32; 4];
        for &k in &query {
            if let Some(row) = dense.chunks(4).nth(k as usize - 1) {
                for (e, &w) in expected.iter_mut().zip(row) {
                    *e += (w >> PACK_SHIFT) as i32;
                }
            }
        }
        let mut scores = [0i32; 4];
        table.score(&query, &mut scores);
        assert_eq!(scores, expected);
        let mut each = [[0i32; 4]; 3];
        table.score_each::<2>(&[1, 2, 9999, 3, 4, 5], &mut each);
        let row = |k: usize| -> [i32; 4] {
            std::array::from_fn(|c| (dense[4 * (k - 1) + c] >> PACK_SHIFT) as i32)
        };
        let add = |a: [i32; 4], b: [i32; 4]| -> [i32; 4] { std::array::from_fn(|c| a[c] + b[c]) };
        assert_eq!(each, [add(row(1), row(2)), add([0; 4], row(3)), add(row(4), row(5))]);
        // Groups past the keys loaded ahead, of one key and of three (the
        // last groups have fewer than that many keys after them).
        let mut ones = vec![[0i32; 4]; query.len()];
        table.score_each::<1>(&query, &mut ones);
        let mut threes = vec![[0i32; 4]; query.len() / 3];
        table.score_each::<3>(&query, &mut threes);
        for (k, group) in ones.iter().zip(query.chunks(1)).chain(threes.iter().zip(query.chunks(3)))
        {
            let mut alone = [0i32; 4];
            table.score(group, &mut alone);
            assert_eq!(*k, alone, "{group:?}");
        }
    }

    #[test]
    fn lookups_go_past_a_full_bucket_only_for_keys_that_passed_it() {
        let mut table = BucketTable::with_capacity(96);
        let n = table.buckets.len() as u64;
        // The first key whose home is bucket `h`, plus `i`.
        let key_at = |h: u64, i: u32| ((h << 32).div_ceil(n) as u32).wrapping_add(i);
        let payload = |key: u32| [key as u16, (key >> 16) as u16, 7];
        // Twelve keys at home in bucket 2 fill it and spill into 3; eight
        // at home in 3 then spill into 4 and 5.
        let mut stored: Vec<u32> = (0..12).map(|i| key_at(2, 1 + 4099 * i)).collect();
        stored.extend((0..8).map(|i| key_at(3, 1 + 5003 * i)));
        for &key in &stored {
            assert_eq!(table.home(key), if stored[..12].contains(&key) { 2 } else { 3 });
            assert!(table.insert(key, payload(key)));
        }
        let lookup = |table: &BucketTable, key: u32| {
            let mut got = None;
            table.lookup_chunk(&[key], 0, |p| got = Some(p));
            got
        };
        for &key in &stored {
            assert_eq!(lookup(&table, key), Some(pack(payload(key))), "{key:#x}");
        }
        assert_eq!(table.passed[2], stored[8..12].iter().fold(0, |bits, &k| bits | pass_bit(k)));
        assert_eq!(table.passed[..2], [0, 0]);
        // An unknown key at home in bucket 2 whose check is that of a key
        // stored in bucket 3, and whose bit no key that passed bucket 2
        // has: it stops at bucket 2, where a table without the filter (as
        // read from a format 4 file) reads on and takes the other key's
        // row.
        let in_3: Vec<u32> = stored
            .iter()
            .copied()
            .filter(|&k| table.buckets[3].checks.contains(&check_of(k)))
            .collect();
        let other = in_3
            .iter()
            .copied()
            .find(|&k| table.passed[2] & pass_bit(k) == 0)
            .expect("a key in bucket 3 with a bit not passed over bucket 2");
        let unknown = (key_at(2, 0) & 0xFFFF_0000).wrapping_add(0x1_0000) | (other & 0xFFFF);
        assert_eq!(table.home(unknown), 2);
        assert!(!stored.contains(&unknown));
        assert_eq!(lookup(&table, unknown), Some(0));
        let unfiltered = BucketTable { passed: vec![u8::MAX; n as usize], ..table.clone() };
        assert_eq!(lookup(&unfiltered, unknown), Some(pack(payload(other))));
        // Written and read back (format 5) and as a format 4 file would
        // give it (no filter).
        let mut out = Writer::default();
        table.write(&mut out);
        let bytes = out.into_inner();
        let read = BucketTable::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(read.passed, table.passed);
        let old = BucketTable::read(&mut Reader::with_version(&bytes, 4)).unwrap();
        assert_eq!(old.passed, unfiltered.passed);
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
