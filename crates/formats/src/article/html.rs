//! Text, title, date and URL from an HTML page, with a small tolerant
//! tokenizer (no DOM is built).

/// What a page yields.
#[derive(Debug, Default)]
pub(super) struct Page {
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    /// Paragraphs of body text, whitespace collapsed, entities decoded.
    pub blocks: Vec<String>,
}

/// Elements whose whole content is dropped.
const SKIP_ELEMENTS: &[&str] = &[
    "head",
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "menu",
    "object",
    "canvas",
    "audio",
    "video",
    "map",
    "dialog",
    "math",
    "textarea",
];

/// Elements read as raw text up to their end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "title", "textarea", "xmp"];

/// Elements that end a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that never have content or an end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// `role` values whose element is dropped.
const SKIP_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary", "search"];

/// Words of a `class` or `id` whose element is dropped.
const SKIP_CLASS_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "comments",
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "cookie",
    "cookies",
    "newsletter",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "credit",
    "outbrain",
    "taboola",
    "recommended",
    "popular",
    "trending",
    "masthead",
    "banner",
    "toolbar",
    "modal",
    "popup",
    "signup",
    "byline",
];

/// Meta keys giving the publication date, most trusted first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
];

struct Open {
    name: String,
    skip: bool,
    content: bool,
}

struct Extractor {
    strict: bool,
    stack: Vec<Open>,
    n_skip: usize,
    n_content: usize,
    current: String,
    current_in_content: bool,
    /// A `br` was the last thing seen: a second one ends the paragraph.
    after_br: bool,
    blocks: Vec<(String, bool)>,
    h1: Option<String>,
    h1_depth: Option<usize>,
    h1_text: String,
    title_tag: Option<String>,
    meta: Vec<(String, String)>,
    canonical: Option<String>,
    time_datetime: Option<String>,
    ld_date: Option<String>,
}

pub(super) fn extract(html: &str) -> Page {
    let strict = run(html, true);
    let n_words: usize = strict.blocks.iter().map(|(b, _)| b.split_whitespace().count()).sum();
    // Class-based dropping can be wrong (`class="has-sidebar"` on the
    // body); when it leaves next to nothing, read without it.
    let ex = if n_words < 10 { run(html, false) } else { strict };
    ex.into_page()
}

fn run(html: &str, strict: bool) -> Extractor {
    let mut ex = Extractor {
        strict,
        stack: Vec::new(),
        n_skip: 0,
        n_content: 0,
        current: String::new(),
        current_in_content: false,
        after_br: false,
        blocks: Vec::new(),
        h1: None,
        h1_depth: None,
        h1_text: String::new(),
        title_tag: None,
        meta: Vec::new(),
        canonical: None,
        time_datetime: None,
        ld_date: None,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let end = memchr(b'<', &bytes[i..]).map_or(bytes.len(), |p| i + p);
            ex.text(&html[i..end]);
            i = end;
            continue;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |p| p + 3);
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = memchr(b'>', &bytes[i..]).map_or(bytes.len(), |p| i + p + 1);
        } else if rest.len() > 2 && rest[1] == b'/' && rest[2].is_ascii_alphabetic() {
            let (name, after) = tag_name(html, i + 2);
            i = memchr(b'>', &bytes[after..]).map_or(bytes.len(), |p| after + p + 1);
            ex.end_tag(&name);
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let (name, after) = tag_name(html, i + 1);
            let (attrs, self_closing, end) = attributes(html, after);
            i = end;
            if RAW_TEXT_ELEMENTS.contains(&name.as_str()) && !self_closing {
                let close = find_ci(bytes, i, name.as_bytes());
                let raw = &html[i..close];
                ex.raw_text(&name, &attrs, raw);
                i = memchr(b'>', &bytes[close..]).map_or(bytes.len(), |p| close + p + 1);
            } else {
                ex.start_tag(&name, &attrs, self_closing);
            }
        } else {
            ex.text("<");
            i += 1;
        }
    }
    ex.flush();
    ex
}

impl Extractor {
    fn text(&mut self, raw: &str) {
        let mut decoded = String::new();
        let text = if raw.contains('&') {
            decode_entities(raw, &mut decoded);
            decoded.as_str()
        } else {
            raw
        };
        if self.h1_depth.is_some() {
            push_collapsed(&mut self.h1_text, text);
        }
        if self.n_skip > 0 {
            return;
        }
        if !text.trim().is_empty() {
            if self.current.is_empty() {
                self.current_in_content = self.n_content > 0;
            }
            self.after_br = false;
        }
        push_collapsed(&mut self.current, text);
    }

    fn flush(&mut self) {
        let block = self.current.trim();
        if !block.is_empty() {
            self.blocks.push((block.to_string(), self.current_in_content));
        }
        self.current.clear();
        self.after_br = false;
    }

    fn start_tag(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool) {
        let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        match name {
            "meta" => {
                let key = attr("property").or(attr("name")).or(attr("itemprop"));
                if let (Some(key), Some(content)) = (key, attr("content").or(attr("datetime"))) {
                    self.meta.push((key.to_ascii_lowercase(), content.trim().to_string()));
                }
            }
            "link"
                if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    && self.canonical.is_none() =>
            {
                self.canonical = attr("href").map(str::to_string);
            }
            "time" if self.time_datetime.is_none() => {
                self.time_datetime = attr("datetime").map(str::to_string);
            }
            _ => {}
        }
        if attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
            && let Some(value) = attr("content").or(attr("datetime"))
        {
            self.meta.push(("datepublished".into(), value.to_string()));
        }
        if name == "br" {
            // One `br` breaks a line inside a paragraph; two end it.
            if self.after_br {
                self.flush();
            } else {
                self.text(" ");
                self.after_br = true;
            }
            return;
        }
        let is_block = BLOCK_ELEMENTS.contains(&name);
        if is_block {
            self.flush();
            // A block start closes an open paragraph (`<p>a<p>b`, `<p>a<div>`).
            if self.stack.last().is_some_and(|o| o.name == "p" || (o.name == "li" && name == "li"))
            {
                self.pop();
            }
        }
        if VOID_ELEMENTS.contains(&name) || self_closing {
            return;
        }
        let skip = SKIP_ELEMENTS.contains(&name)
            || attr("role").is_some_and(|r| SKIP_ROLES.contains(&r.to_ascii_lowercase().as_str()))
            || attr("hidden").is_some()
            || attr("aria-hidden").is_some_and(|v| v == "true")
            || (self.strict
                && !matches!(name, "html" | "body" | "main" | "article")
                && [attr("class"), attr("id")].into_iter().flatten().any(has_skip_word));
        let content = matches!(name, "article" | "main")
            || attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articlebody"));
        if name == "h1" && self.h1.is_none() && self.h1_depth.is_none() {
            self.h1_depth = Some(self.stack.len());
            self.h1_text.clear();
        }
        self.n_skip += usize::from(skip);
        self.n_content += usize::from(content);
        self.stack.push(Open { name: name.to_string(), skip, content });
    }

    fn pop(&mut self) {
        if let Some(open) = self.stack.pop() {
            self.n_skip -= usize::from(open.skip);
            self.n_content -= usize::from(open.content);
            if self.h1_depth == Some(self.stack.len()) {
                self.h1_depth = None;
                let h1 = self.h1_text.trim();
                if !h1.is_empty() {
                    self.h1 = Some(h1.to_string());
                }
            }
        }
    }

    fn end_tag(&mut self, name: &str) {
        if BLOCK_ELEMENTS.contains(&name) {
            self.flush();
        }
        // Close up to the matching element; an end tag with no open
        // element is ignored.
        if let Some(pos) = self.stack.iter().rposition(|o| o.name == name) {
            while self.stack.len() > pos {
                self.pop();
            }
        }
    }

    fn raw_text(&mut self, name: &str, attrs: &[(String, String)], raw: &str) {
        match name {
            "title" if self.title_tag.is_none() => {
                let mut title = String::new();
                let mut decoded = String::new();
                decode_entities(raw, &mut decoded);
                push_collapsed(&mut title, &decoded);
                let title = title.trim();
                if !title.is_empty() {
                    self.title_tag = Some(title.to_string());
                }
            }
            "script" => {
                let is_ld = attrs
                    .iter()
                    .any(|(k, v)| k == "type" && v.eq_ignore_ascii_case("application/ld+json"));
                if is_ld && self.ld_date.is_none() {
                    self.ld_date = json_string_field(raw, "datePublished");
                }
            }
            _ => {}
        }
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    fn into_page(self) -> Page {
        let site = self.meta("og:site_name").map(str::to_string);
        let title = self
            .meta("og:title")
            .or(self.meta("twitter:title"))
            .map(str::to_string)
            .or(self.h1.clone())
            .or_else(|| self.title_tag.as_deref().map(|t| strip_site_suffix(t, site.as_deref())));
        let date = DATE_KEYS
            .iter()
            .find_map(|k| self.meta(k))
            .map(str::to_string)
            .or(self.ld_date.clone())
            .or(self.time_datetime.clone());
        let url = self.canonical.clone().or(self.meta("og:url").map(str::to_string));
        let any_content = self.blocks.iter().any(|(_, c)| *c);
        let blocks =
            self.blocks.into_iter().filter(|(_, c)| *c || !any_content).map(|(b, _)| b).collect();
        Page { title, date, url, site, blocks }
    }
}

/// `Kerry in Geneva | Example News` → `Kerry in Geneva` when the tail is the
/// site's name or at most four words.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} "] {
        if let Some(pos) = title.rfind(sep) {
            let tail = title[pos + sep.len()..].trim();
            if site == Some(tail) || tail.split_whitespace().count() <= 4 {
                return title[..pos].trim().to_string();
            }
        }
    }
    title.to_string()
}

fn has_skip_word(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| !w.is_empty() && SKIP_CLASS_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s)))
}

/// Appends `text` with runs of whitespace (and no-break spaces) as one
/// space, and none at the start of `out`.
fn push_collapsed(out: &mut String, text: &str) {
    let mut last_space = out.is_empty() || out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// The lower-case tag name starting at `start`, and where it ends.
fn tag_name(html: &str, start: usize) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'-' | b':' | b'_'))
    {
        end += 1;
    }
    (html[start..end].to_ascii_lowercase(), end)
}

/// Attributes from `start` to the tag's `>`: `(attributes, self-closing,
/// index after '>')`. Names are lower case; values are entity-decoded.
fn attributes(html: &str, start: usize) -> (Vec<(String, String)>, bool, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = start;
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, self_closing, i);
        }
        match bytes[i] {
            b'>' => return (attrs, self_closing, i + 1),
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let raw = if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end =
                    memchr(quote, &bytes[value_start..]).map_or(bytes.len(), |p| value_start + p);
                i = (value_end + 1).min(bytes.len());
                &html[value_start..value_end]
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[value_start..i]
            };
            decode_entities(raw, &mut value);
        } else if name_start == i {
            // A stray character that is not an attribute name.
            i += 1;
            continue;
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

/// Where `</name` starts (any case) at or after `from`, else the end.
fn find_ci(haystack: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = find(haystack, i, b"</") {
        let after = &haystack[p + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return p;
        }
        i = p + 2;
    }
    haystack.len()
}

/// The string value of `"field": "..."` in JSON text, unescaped simply.
fn json_string_field(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let at = json.find(&key)? + key.len();
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    let value = rest[..end].trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Decodes character references (`&amp;`, `&#8217;`, `&#x2019;`, the
/// common named ones) into `out`; unknown ones are kept as written.
pub(super) fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest[1..].find(';').map(|p| p + 1).filter(|&p| p <= 32);
        let decoded = semi.and_then(|semi| {
            let name = &rest[1..semi];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{fffd}')
            } else {
                named_entity(name)?
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201a}',
        "ldquo" => '\u{201c}',
        "rdquo" => '\u{201d}',
        "bdquo" => '\u{201e}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203a}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{b7}',
        "prime" => '\u{2032}',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "deg" => '\u{b0}',
        "plusmn" => '\u{b1}',
        "times" => '\u{d7}',
        "divide" => '\u{f7}',
        "frac12" => '\u{bd}',
        "frac14" => '\u{bc}',
        "frac34" => '\u{be}',
        "euro" => '\u{20ac}',
        "pound" => '\u{a3}',
        "yen" => '\u{a5}',
        "cent" => '\u{a2}',
        "sect" => '\u{a7}',
        "para" => '\u{b6}',
        "iexcl" => '\u{a1}',
        "iquest" => '\u{bf}',
        "szlig" => '\u{df}',
        _ => return latin1_letter(name),
    };
    Some(c)
}

/// `eacute`, `Ouml`, `ccedil` and the other Latin-1 letters.
fn latin1_letter(name: &str) -> Option<char> {
    let base = name.chars().next()?;
    let accent = &name[base.len_utf8()..];
    let upper = base.is_ascii_uppercase();
    let lower = base.to_ascii_lowercase();
    let code: u32 = match (lower, accent) {
        ('a', "grave") => 0xe0,
        ('a', "acute") => 0xe1,
        ('a', "circ") => 0xe2,
        ('a', "tilde") => 0xe3,
        ('a', "uml") => 0xe4,
        ('a', "ring") => 0xe5,
        ('a', "elig") => 0xe6,
        ('c', "cedil") => 0xe7,
        ('e', "grave") => 0xe8,
        ('e', "acute") => 0xe9,
        ('e', "circ") => 0xea,
        ('e', "uml") => 0xeb,
        ('i', "grave") => 0xec,
        ('i', "acute") => 0xed,
        ('i', "circ") => 0xee,
        ('i', "uml") => 0xef,
        ('e', "th") => 0xf0,
        ('n', "tilde") => 0xf1,
        ('o', "grave") => 0xf2,
        ('o', "acute") => 0xf3,
        ('o', "circ") => 0xf4,
        ('o', "tilde") => 0xf5,
        ('o', "uml") => 0xf6,
        ('o', "slash") => 0xf8,
        ('u', "grave") => 0xf9,
        ('u', "acute") => 0xfa,
        ('u', "circ") => 0xfb,
        ('u', "uml") => 0xfc,
        ('y', "acute") => 0xfd,
        ('t', "horn") => 0xfe,
        ('y', "uml") => 0xff,
        _ => return None,
    };
    // Upper-case Latin-1 letters sit 0x20 below their lower-case forms
    // (there is no upper-case ÿ in Latin-1).
    let code = if upper && code != 0xff { code - 0x20 } else { code };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kerry in Geneva | Example News</title>
<meta property="og:title" content="Kerry in Geneva to push for a truce">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2016-09-09T08:30:00Z">
<link rel="canonical" href="https://news.example.org/kerry-geneva">
<style>p { color: red; }</style>
<script>var x = "<p>not text</p>";</script>
</head>
<body class="has-sidebar">
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="cookie-banner">We use cookies.</div>
<article>
<h1>Kerry in Geneva to push for a truce</h1>
<p class="byline">By Jane Roe</p>
<p>GENEVA (AFP) &ndash; The US secretary of state flew to Geneva on Friday to meet his Russian counterpart.
</p>
<figure><img src="k.jpg"><figcaption>Kerry arrives. Photo: AFP</figcaption></figure>
<p>Officials said talks could run &quot;late&quot;&nbsp;into the night<br>and into Saturday.<p>Caf&eacute; owners &amp; diplomats watched &#8212; warily.</p>
<aside class="related"><h2>Related</h2><ul><li><a>Siege timeline</a></li></ul></aside>
<!-- <p>commented out</p> -->
</article>
<footer>&copy; 2016 Example News</footer>
</body></html>"#;

    #[test]
    fn page_text_title_date_and_url() {
        let page = extract(PAGE);
        assert_eq!(page.title.as_deref(), Some("Kerry in Geneva to push for a truce"));
        assert_eq!(page.date.as_deref(), Some("2016-09-09T08:30:00Z"));
        assert_eq!(page.url.as_deref(), Some("https://news.example.org/kerry-geneva"));
        assert_eq!(page.site.as_deref(), Some("Example News"));
        assert_eq!(
            page.blocks,
            [
                "Kerry in Geneva to push for a truce",
                "GENEVA (AFP) \u{2013} The US secretary of state flew to Geneva on Friday to meet his Russian counterpart.",
                "Officials said talks could run \"late\" into the night and into Saturday.",
                "Caf\u{e9} owners & diplomats watched \u{2014} warily.",
            ]
        );
    }

    #[test]
    fn fallbacks_for_title_and_date() {
        let page = extract(
            "<title>Talks resume - Example</title><time datetime=\"2016-09-10\">Sat</time><p>Talks resumed.</p>",
        );
        assert_eq!(page.title.as_deref(), Some("Talks resume"));
        assert_eq!(page.date.as_deref(), Some("2016-09-10"));
        let page = extract(
            "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"datePublished\": \"2016-09-11T00:00:00Z\"}</script><h1>Head &amp; line</h1><p>Body.</p>",
        );
        assert_eq!(page.title.as_deref(), Some("Head & line"));
        assert_eq!(page.date.as_deref(), Some("2016-09-11T00:00:00Z"));
        assert_eq!(page.blocks, ["Head & line", "Body."]);
    }

    #[test]
    fn strict_class_dropping_falls_back_when_nothing_is_left() {
        let page = extract(
            "<div class=\"share-wrapper\"><p>The only paragraph of this page is here, long enough to count as text.</p></div>",
        );
        assert_eq!(page.blocks.len(), 1);
    }

    #[test]
    fn two_line_breaks_end_a_paragraph() {
        let page = extract("<div>First line<br/>same paragraph.<br><br>Second paragraph.</div>");
        assert_eq!(page.blocks, ["First line same paragraph.", "Second paragraph."]);
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<p",
            "<p class=\"x",
            "<!--",
            "<script>",
            "</p></div>",
            "<p>a<b>b</i>c",
            "&",
            "&#xZZ;",
            "&#0;",
            "&#99999999;",
            "<p>&eacute&amp</p>",
            "<<p>>",
            "<p title='a>b'>x</p>",
            "<ÿ>",
            "<p>日本語</p>",
            "<style>",
            "<title>",
            "<svg><p>x</p>",
        ] {
            let _ = extract(html);
        }
        let page = extract("<p>a<b>b</i>c</p>");
        assert_eq!(page.blocks, ["abc"]);
    }

    #[test]
    fn entities() {
        let mut out = String::new();
        decode_entities(
            "&lt;a&gt; &AMP; &#65;&#x42; &Eacute;&ouml;&yuml; &bogus; & x &;",
            &mut out,
        );
        assert_eq!(out, "<a> & AB \u{c9}\u{f6}\u{ff} &bogus; & x &;");
    }
}
