//! CAMEO and PLOVER code tables (being written).
