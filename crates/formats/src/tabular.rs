//! CSV and TSV event output with GDELT column names (being written).
