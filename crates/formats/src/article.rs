//! News articles: plain text, HTML and JSON Lines (being written).
