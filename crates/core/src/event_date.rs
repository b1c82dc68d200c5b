//! Event dates from date expressions in the text (being written).
