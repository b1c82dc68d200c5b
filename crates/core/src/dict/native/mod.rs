//! dyad's own dictionary format (being written).
