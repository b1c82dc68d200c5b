//! Parquet event output (being written).
