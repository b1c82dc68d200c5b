//! The layout of an article's text: paragraphs, title, dateline, and the
//! parts not to code (bylines, captions, agency tags, link lists,
//! boilerplate).

use std::ops::Range;

use super::{Dateline, ExcludeReason, Excluded};

/// What [`analyse`] finds.
pub(super) struct Layout {
    pub title_range: Option<Range<usize>>,
    pub blocks: Vec<Range<usize>>,
    pub excluded: Vec<Excluded>,
    pub dateline: Option<Dateline>,
}

/// The paragraphs of a text: runs of non-blank lines separated by blank
/// lines, or single lines when the text has no blank line at all; each
/// trimmed of surrounding whitespace.
pub(super) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (idx, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..idx);
            start = idx + 1;
        }
    }
    lines.push(start..text.len());
    let blank = |r: &Range<usize>| text[r.clone()].trim().is_empty();
    let mut seen_text = false;
    let mut has_blank_separator = false;
    for line in &lines {
        if blank(line) {
            has_blank_separator |= seen_text;
        } else {
            seen_text = true;
        }
    }
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        if blank(&line) {
            out.extend(current.take());
        } else if has_blank_separator {
            current = Some(current.map_or(line.clone(), |c| c.start..line.end));
        } else {
            out.push(line);
        }
    }
    out.extend(current);
    out.into_iter().filter_map(|r| trim(text, r)).collect()
}

/// `range` without surrounding whitespace, or `None` when nothing is left.
fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let kept = s.trim().len();
    (kept > 0).then(|| range.start + lead..range.start + lead + kept)
}

/// Lays out an article whose paragraphs are given.
pub(super) fn analyse(text: &str, paragraphs: &[Range<usize>], detect_title: bool) -> Layout {
    let mut layout =
        Layout { title_range: None, blocks: Vec::new(), excluded: Vec::new(), dateline: None };
    let mut rest = paragraphs;
    if detect_title && paragraphs.len() >= 2 && looks_like_title(&text[paragraphs[0].clone()]) {
        layout.title_range = Some(paragraphs[0].clone());
        layout
            .excluded
            .push(Excluded { range: paragraphs[0].clone(), reason: ExcludeReason::Title });
        rest = &paragraphs[1..];
    }
    let mut in_link_list = false;
    let mut seen_body = false;
    for range in rest {
        let block = &text[range.clone()];
        let n_words = block.split_whitespace().take(64).count();
        let exclude = |layout: &mut Layout, reason| {
            layout.excluded.push(Excluded { range: range.clone(), reason });
        };
        if in_link_list {
            if n_words < 25 {
                exclude(&mut layout, ExcludeReason::RelatedLinks);
                continue;
            }
            in_link_list = false;
        }
        if let Some(list_follows) = related_marker(block, n_words) {
            exclude(&mut layout, ExcludeReason::RelatedLinks);
            in_link_list = list_follows;
            continue;
        }
        if let Some(reason) = boilerplate(block, n_words) {
            exclude(&mut layout, reason);
            continue;
        }
        let mut body = range.clone();
        if !seen_body && let Some((len, dateline)) = dateline(block) {
            let dateline_range = body.start..body.start + len;
            layout
                .excluded
                .push(Excluded { range: dateline_range.clone(), reason: ExcludeReason::Dateline });
            layout.dateline = Some(Dateline { range: dateline_range, ..dateline });
            body.start += len;
        }
        seen_body = true;
        if let Some(tag_start) = agency_tag(&text[body.clone()]) {
            let tag = body.start + tag_start..body.end;
            body.end = body.start + text[body.start..tag.start].trim_end().len();
            layout.excluded.push(Excluded { range: tag, reason: ExcludeReason::AgencyTag });
        }
        // Video promotions inside a paragraph are cut out of it.
        let mut start = body.start;
        for promo in video_promotions(&text[body.clone()]) {
            let promo = body.start + promo.start..body.start + promo.end;
            layout.blocks.extend(trim(text, start..promo.start));
            layout
                .excluded
                .push(Excluded { range: promo.clone(), reason: ExcludeReason::RelatedLinks });
            start = promo.end;
        }
        layout.blocks.extend(trim(text, start..body.end));
    }
    layout.excluded.sort_by_key(|e| e.range.start);
    layout
}

/// One short line that does not end like a sentence, and is not a dateline
/// or a byline.
fn looks_like_title(line: &str) -> bool {
    let n_words = line.split_whitespace().count();
    !line.contains('\n')
        && line.len() <= 200
        && (1..=25).contains(&n_words)
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(['.', ',', ';', ':'])
        && dateline(line).is_none()
        && boilerplate(line, n_words).is_none()
}

/// Starts of "more links" blocks, lower case.
const RELATED_MARKERS: &[&str] = &[
    "related articles",
    "related article",
    "related stories",
    "related story",
    "related coverage",
    "related content",
    "related links",
    "related topics",
    "related:",
    "read more",
    "read also",
    "also read",
    "more on this story",
    "more on this topic",
    "more from ",
    "more stories",
    "see also",
    "further reading",
    "you may also like",
    "you might also like",
    "recommended",
    "most read",
    "most popular",
    "top stories",
    "trending",
];

/// `Some(true)` for a marker that opens a list of links (`Related articles
/// on X:`), `Some(false)` for a marker with its link (`Read more: Why ...`),
/// `None` for anything else.
fn related_marker(block: &str, n_words: usize) -> Option<bool> {
    if n_words > 12 {
        return None;
    }
    let lower = block.to_lowercase();
    let marker = RELATED_MARKERS.iter().find(|m| lower.starts_with(*m))?;
    let after = lower[marker.len()..].trim();
    Some(block.ends_with(':') || after.is_empty() || after == ":")
}

/// Bylines, captions and boilerplate blocks.
fn boilerplate(block: &str, n_words: usize) -> Option<ExcludeReason> {
    let lower_head: String = block.chars().take(48).collect::<String>().to_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| lower_head.starts_with(p));
    let first_after_by = block.strip_prefix("By ").and_then(|rest| rest.chars().next());
    if (first_after_by.is_some_and(char::is_uppercase) && n_words <= 12)
        || (n_words <= 40
            && !lower_head.contains(" said")
            && ![" said ", " says ", " told "].iter().any(|v| block.contains(v))
            && starts(&[
                "reporting by",
                "additional reporting by",
                "writing by",
                "written by",
                "editing by",
                "compiled by",
                "(reporting by",
                "(additional reporting",
                "(writing by",
                "(editing by",
            ]))
    {
        return Some(ExcludeReason::Byline);
    }
    // A photo gallery, however long: `Photos: <gallery title> <caption>
    // Hide Caption 1 of 22 Photos: ...`.
    if lower_head.starts_with("photos:") || has_gallery_counter(block) {
        return Some(ExcludeReason::Caption);
    }
    // Video promotions: `JUST WATCHED <title> Replay More Videos ...`,
    // `MUST WATCH <title> 02:54`.
    if n_words <= 60
        && (starts(&["just watched", "must watch"]) || block.contains("Replay More Videos"))
    {
        return Some(ExcludeReason::RelatedLinks);
    }
    let credit =
        ["REUTERS/", "(AP Photo", "AP Photo/", "AFP PHOTO", "Getty Images", "/AFP", "EPA/"];
    if n_words <= 60 && (pipe_credit(block) || bracket_credit(block)) {
        return Some(ExcludeReason::Caption);
    }
    if n_words <= 60
        && (starts(&[
            "photo:",
            "photo credit",
            "photograph:",
            "image:",
            "image credit",
            "image copyright",
            "image caption",
            "image source",
            "media caption",
            "hide caption",
            "toggle caption",
            "picture:",
            "pictured:",
            "caption:",
            "(photo",
            "[photo",
            "file photo",
        ]) || credit.iter().any(|c| block.contains(c)))
    {
        return Some(ExcludeReason::Caption);
    }
    if n_words <= 30
        && (starts(&[
            "advertisement",
            "story continues below",
            "continue reading",
            "share this",
            "share on ",
            "follow us",
            "follow @",
            "sign up",
            "subscribe",
            "click here",
            "copyright",
            "\u{a9}",
            "(c) ",
            "this article was originally",
            "this story was originally",
            "listen to this article",
            "media playback is",
            "we use cookies",
        ]) || lower_head.contains("all rights reserved")
            || block.to_lowercase().contains("all rights reserved")
            || matches!(lower_head.as_str(), "share" | "tweet" | "email" | "print" | "comments"))
    {
        return Some(ExcludeReason::Boilerplate);
    }
    if is_agency_name(block.trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())) {
        return Some(ExcludeReason::AgencyTag);
    }
    None
}

/// The video promotions inside `block`: `JUST WATCHED <title> Replay More
/// Videos ...`, with the `MUST WATCH <title> 01:35` that may follow.
fn video_promotions(block: &str) -> Vec<Range<usize>> {
    const OPEN: &str = "JUST WATCHED ";
    const REPLAY: &str = "Replay More Videos";
    const MUST: &str = "MUST WATCH ";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = block[from..].find(OPEN).map(|i| i + from) {
        let Some(replay) = block[at..].find(REPLAY).filter(|&i| i < 400) else { break };
        let mut end = at + replay + REPLAY.len();
        let after = &block[end..];
        end += after.len() - after.trim_start_matches([' ', '.', '\u{2026}']).len();
        if let Some(rest) = block[end..].strip_prefix(MUST) {
            // The title, then a running time such as 01:35.
            let stamp = rest.char_indices().take_while(|&(i, _)| i < 300).find_map(|(i, _)| {
                let b = rest.as_bytes();
                (b.len() >= i + 5
                    && b[i].is_ascii_digit()
                    && b[i + 1].is_ascii_digit()
                    && b[i + 2] == b':'
                    && b[i + 3].is_ascii_digit()
                    && b[i + 4].is_ascii_digit())
                .then_some(i + 5)
            });
            if let Some(stamp) = stamp {
                end += MUST.len() + stamp;
            }
        }
        out.push(at..end);
        from = end;
    }
    out
}

/// Whether `block` holds a gallery's caption counter, `Hide Caption 3 of
/// 22`.
fn has_gallery_counter(block: &str) -> bool {
    block.match_indices("Hide Caption ").any(|(at, marker)| {
        let rest = &block[at + marker.len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = digits(rest);
        n > 0 && rest[n..].strip_prefix(" of ").is_some_and(|r| digits(r) > 0)
    })
}

/// Whether `block` is a caption with its credit after a bar: `Rex Tillerson
/// warned the Syrian regime ... | AP Photo`, `... | Mark Wilson/Getty
/// Images`.
fn pipe_credit(block: &str) -> bool {
    block.match_indices(" | ").any(|(at, bar)| {
        let after = &block[at + bar.len()..];
        // The credit: an agency first, or a photographer's name and
        // `/Agency` within the next 40 characters.
        let head = after.char_indices().nth(40).map_or(after, |(end, _)| &after[..end]);
        ["AP Photo", "Getty Images", "AFP", "Reuters"].iter().any(|c| head.starts_with(c))
            || AGENCY_AFTER_SLASH.iter().any(|c| head.contains(c))
    })
}

/// Whether `block` is a caption ending with its credit in brackets:
/// `Protesters outside the venue in Osaka [File: Jorge Silva/Reuters]`,
/// `... [Photo: AFP]`.
fn bracket_credit(block: &str) -> bool {
    let trimmed = block.trim_end();
    let Some(inner) = trimmed.strip_suffix(']').and_then(|t| t.rsplit_once('[')).map(|(_, i)| i)
    else {
        return false;
    };
    inner.len() <= 60
        && (["File:", "Photo:", "Photo by", "Picture:", "Image:"]
            .iter()
            .any(|p| inner.starts_with(p))
            || AGENCY_AFTER_SLASH.iter().any(|c| inner.ends_with(c)))
}

/// A photo credit's agency after the photographer's name: `Jorge
/// Silva/Reuters`.
const AGENCY_AFTER_SLASH: [&str; 5] = ["/AP", "/Reuters", "/AFP", "/EPA", "/Getty"];

/// Where a trailing agency tag (`... Aleppo.    (AFP)`) starts in `block`.
fn agency_tag(block: &str) -> Option<usize> {
    let trimmed = block.trim_end();
    let inner_end = trimmed.strip_suffix(')')?.len();
    let open = trimmed[..inner_end].rfind('(')?;
    let inner = &trimmed[open + 1..inner_end];
    let plausible = (1..=30).contains(&inner.len())
        && inner.chars().any(|c| c.is_uppercase())
        && inner.chars().all(|c| c.is_alphabetic() || " /,.-&".contains(c));
    let before = trimmed[..open].trim_end();
    let ends_sentence = before.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'']);
    (plausible && ends_sentence).then_some(open)
}

/// News agencies that appear alone before a dash or in parentheses.
fn is_agency_name(text: &str) -> bool {
    matches!(
        text,
        "AP" | "AFP"
            | "Reuters"
            | "REUTERS"
            | "Canadian Press"
            | "CP"
            | "dpa"
            | "DPA"
            | "Xinhua"
            | "UPI"
            | "IANS"
            | "PTI"
            | "ANI"
            | "AAP"
            | "Bloomberg"
            | "Kyodo"
            | "Yonhap"
            | "TASS"
            | "EFE"
            | "ANSA"
            | "Associated Press"
            | "Agence France-Presse"
            | "Agence France Presse"
    )
}

/// A dateline at the start of `block`: its length (separator and the
/// spaces after it included) and its parts.
fn dateline(block: &str) -> Option<(usize, Dateline)> {
    let (prefix_end, rest_start) = separator(block)?;
    let prefix = block[..prefix_end].trim();
    if prefix.split_whitespace().count() > 8 {
        return None;
    }
    if is_agency_name(prefix) {
        // `AP - ...`, `Canadian Press - VANCOUVER (CP) - ...`.
        let agency = Some(prefix.to_string());
        if let Some((len, inner)) = dateline(&block[rest_start..]) {
            let agency = inner.agency.or(agency);
            return Some((rest_start + len, Dateline { agency, ..inner }));
        }
        return Some((rest_start, Dateline { agency, ..Dateline::default() }));
    }
    let mut dateline = Dateline::default();
    let mut head = prefix;
    if let Some(inner) = prefix.strip_suffix(')') {
        let open = inner.rfind('(')?;
        let agency = inner[open + 1..].trim();
        if agency.is_empty() || agency.len() > 30 {
            return None;
        }
        dateline.agency = Some(agency.to_string());
        head = inner[..open].trim().trim_end_matches(',');
    }
    let mut pieces = head.split(',').map(str::trim);
    let place = pieces.next().filter(|p| !p.is_empty())?;
    let all_caps = place.chars().filter(|c| c.is_uppercase()).count() >= 3
        && place.chars().all(|c| c.is_uppercase() || " .-'".contains(c));
    let capitalised = place.split_whitespace().count() <= 4
        && place.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    if !(all_caps || (dateline.agency.is_some() && capitalised)) {
        return None;
    }
    let mut place_text = place.to_string();
    for piece in pieces {
        if let Some((month, day, year)) = month_day(piece) {
            dateline.month = Some(month);
            dateline.day = Some(day);
            dateline.year = year.or(dateline.year);
        } else if let Ok(year) = piece.parse::<i32>() {
            if !(1900..=2100).contains(&year) {
                return None;
            }
            dateline.year = Some(year);
        } else if !piece.is_empty()
            && piece.split_whitespace().count() <= 3
            && piece.split_whitespace().all(|w| w.starts_with(char::is_uppercase))
        {
            place_text.push_str(", ");
            place_text.push_str(piece);
        } else {
            return None;
        }
    }
    dateline.place = Some(place_text);
    Some((rest_start, dateline))
}

/// The first dash separating a dateline from the text, within the first
/// 120 bytes: ` - `, ` -- `, ` – `, ` — ` or `—`. Returns where the prefix
/// ends and where the text after the separator (and its spaces) starts.
fn separator(block: &str) -> Option<(usize, usize)> {
    let mut limit = block.len().min(120);
    while !block.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &block[..limit];
    for (idx, c) in head.char_indices() {
        let spaced = |len: usize| head[..idx].ends_with(' ') && block[idx + len..].starts_with(' ');
        let len = match c {
            '-' if block[idx..].starts_with("--") && spaced(2) => 2,
            '-' if spaced(1) => 1,
            '\u{2013}' if spaced(c.len_utf8()) => c.len_utf8(),
            '\u{2014}' => c.len_utf8(),
            '.' | '!' | '?' | ';' | '"' | '\u{201c}' => {
                // A sentence before any dash: no dateline. Abbreviations
                // (`Sept.`, `D.C.`) are allowed.
                if c == '.' && is_abbreviation_dot(head, idx) {
                    continue;
                }
                return None;
            }
            _ => continue,
        };
        let after = idx + len;
        let rest = after + (block.len() - after - block[after..].trim_start().len());
        return Some((idx, rest));
    }
    None
}

/// True for the dot of `Sept.`, `D.C.`, `St.`: a short word before it.
fn is_abbreviation_dot(head: &str, idx: usize) -> bool {
    let word_start = head[..idx]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic() && c != '.')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &head[word_start..idx];
    !word.is_empty() && word.len() <= 4 && word.starts_with(char::is_uppercase)
}

/// `Sept. 9`, `March 16`, `Sept. 9 2016` (the year after a comma arrives
/// as its own piece).
fn month_day(piece: &str) -> Option<(u32, u32, Option<i32>)> {
    let mut words = piece.split_whitespace();
    let month = month_number(words.next()?.trim_end_matches('.'))?;
    let day: u32 = words.next()?.parse().ok()?;
    let year = match words.next() {
        Some(y) => Some(y.parse().ok()?),
        None => None,
    };
    if words.next().is_some() || !(1..=31).contains(&day) {
        return None;
    }
    Some((month, day, year))
}

fn month_number(word: &str) -> Option<u32> {
    let n = match word {
        "January" | "Jan" => 1,
        "February" | "Feb" => 2,
        "March" | "Mar" => 3,
        "April" | "Apr" => 4,
        "May" => 5,
        "June" | "Jun" => 6,
        "July" | "Jul" => 7,
        "August" | "Aug" => 8,
        "September" | "Sept" | "Sep" => 9,
        "October" | "Oct" => 10,
        "November" | "Nov" => 11,
        "December" | "Dec" => 12,
        _ => return None,
    };
    Some(n)
}
