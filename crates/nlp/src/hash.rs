//! Fast non-cryptographic hashing of words and feature tuples.
//!
//! Features are never strings: each is a 32-bit key made by mixing a
//! template number with the hashes of its parts. A key collision merges two
//! features, which costs a little accuracy and nothing else.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes one more value into a running hash.
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Final avalanche of a 64-bit hash (splitmix64 finaliser).
#[inline]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Folds `bytes`, as little-endian 8-byte words (the last padded with
/// zeros), into `h` with `step`.
#[inline(always)]
fn fold_words(bytes: &[u8], mut h: u64, step: impl Fn(u64, u64) -> u64) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = step(h, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(word));
    }
    h
}

/// Hash of a byte string.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    finish(fold_words(bytes, 0x51_7C_C1_B7_27_22_0A_95u64 ^ bytes.len() as u64, mix))
}

/// Hash of a byte string in which every input bit reaches every output
/// bit after each 8-byte chunk (the splitmix64 finaliser, a bijection, on
/// each chunk), for keys that must not collide in practice: the caches of
/// per-word results. [`hash_bytes`] is cheaper but can collide on words
/// that differ in the high bits of one chunk and the low bits of the next
/// (`mechanics` and `mechanism`): harmless for features, which a collision
/// merges, but a cache keyed by it would give one word the other's result.
pub(crate) fn strong_hash(bytes: &[u8]) -> u64 {
    let h = fold_words(bytes, 0x2545_F491_4F6C_DD1Du64 ^ bytes.len() as u64, |h, v| finish(h ^ v));
    finish(h)
}

/// Hash of a string.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Key of a feature: template number and up to three part hashes.
///
/// Each part is multiplied by its own odd constant and the products are
/// combined, then folded and multiplied once more: the four multiplications
/// are independent, so a key costs a few cycles (the feature extractors
/// make about 120 per token).
#[inline]
pub(crate) fn key(template: u32, a: u64, b: u64, c: u64) -> u32 {
    let h = (template as u64 + 1).wrapping_mul(K)
        ^ a.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ b.wrapping_mul(0x1656_67B1_9E37_79F9)
        ^ c.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    ((h ^ (h >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_inputs_distinct_hashes() {
        let words = ["", "a", "b", "ab", "ba", "abcdefgh", "abcdefghi", "abcdefgh\0"];
        let mut seen = std::collections::HashSet::new();
        for w in words {
            assert!(seen.insert(hash_str(w)), "collision on {w:?}");
        }
        // The feature hash's known collision; the strong hash tells them
        // apart.
        assert_eq!(hash_str("mechanics"), hash_str("mechanism"));
        assert_ne!(strong_hash(b"mechanics"), strong_hash(b"mechanism"));
        let mut seen = std::collections::HashSet::new();
        for w in words.iter().chain(&["mechanics", "mechanism"]) {
            assert!(seen.insert(strong_hash(w.as_bytes())), "collision on {w:?}");
        }
        assert_ne!(key(1, 2, 3, 4), key(2, 2, 3, 4));
        assert_ne!(key(1, 2, 3, 4), key(1, 3, 2, 4));
    }
}
