//! The event coder.
