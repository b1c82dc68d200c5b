//! dyad's own dictionary format (being written).

use super::verbs::VerbBuilder;
use super::{Diagnostics, Dictionaries};

/// Reads one file in dyad's format into the dictionaries being built.
pub(crate) fn read(
    _text: &str,
    _file: u16,
    _dicts: &mut Dictionaries,
    _verbs: &mut VerbBuilder,
    diag: &mut Diagnostics<'_>,
) {
    diag.error(0, "dyad's own dictionary format is not readable yet");
}
