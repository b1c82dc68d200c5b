//! Event dates from date expressions in a sentence, resolved against the
//! article's date.
//!
//! [`mentions`] finds every date expression in a sentence (`on Friday`,
//! `last week`, `Sept. 4, 2016`, `two days ago`, `2016-09-04`, ...) and
//! resolves it to a [`DateMention`]: the first day of the period it names,
//! the period's [`Granularity`], its byte span in the sentence, and whether it
//! points to the future. [`event_date`] and [`event_date_near`] pick the one
//! that says when a reported event happened.
//!
//! # Conventions
//!
//! - **Weekdays.** `Friday` (and `on Friday`, `Friday night`, `Friday's`) is
//!   the most recent Friday on or before the article date, so in an article
//!   dated Friday it is that day: news reports use the weekday for "today".
//!   `last Friday` is strictly before the article date. `on Sunday and
//!   Monday` resolves to its first day; the span covers both.
//! - **Dates without a year.** `in February` is the most recent February on
//!   or before the article date. `Sept. 4` and `4 September` are the most
//!   recent such day too, unless the next one is at most 120 days ahead and
//!   the previous one more than twice as far back (`Jan. 20` in a late
//!   November article is the coming one, and marked future).
//! - **Deadlines and names.** `until Monday`, `by Friday` are skipped (they
//!   bound something, they do not date it), as are `Sunday Times` and the
//!   like, and upper-case `TODAY` (`USA TODAY`).
//! - **The future.** An expression is resolved forward (the next such day,
//!   week, month) and marked [`DateMention::future`] when it says so itself
//!   (`next week`, `tomorrow`, `later this month`, `next Friday`) or when a
//!   future cue (`will`, `shall`, `'ll`, `scheduled`, `plans`, `upcoming`,
//!   `due to`, `expected to`, `set to`, `poised to`) stands before it in
//!   the same clause (no comma, semicolon, colon, parenthesis or full stop
//!   between them). An explicit date after the article date is marked
//!   future too. [`event_date`] never returns a future
//!   mention: a planned event did not happen on that day, and what the
//!   sentence reports (an intent, a plan) happened on the article date.
//! - **Periods.** `last week` and `this week` are weeks starting on Monday;
//!   `last month`, `earlier this month`, `in February` are months; `last
//!   year` and `in 2014` are years; `the weekend` is the most recent weekend
//!   before the article date, dated by its Saturday. `yesterday`, `last
//!   night` and `yesterday evening` are the day before the article date;
//!   `today`, `tonight`, `this morning` are the article date.
//! - **Spans** are byte offsets into the sentence. They cover the date words
//!   and their modifiers (`last week`, `Tuesday night`, `Friday, Sept. 9`),
//!   not a leading preposition (`on`, `in`).
//!
//! Only English is read. Capitalised names are required for weekdays and
//! months (`May` only counts next to a day number or a year, or after `in`,
//! `of`, `since`, `until`, `by`, `early`, `late`, `mid-`, `last`, `this` or
//! `next`, so the verb does not match).
//!
//! # Performance
//!
//! One pass over the sentence splits it into words and classifies each with
//! a match on its lower-cased bytes; the patterns run only on the words that
//! can start a date. Nothing is allocated unless a date is found.
//!
//! # Example
//!
//! ```
//! use dyad_core::date::Date;
//! use dyad_core::event_date::{Granularity, event_date};
//!
//! let article = Date::from_ymd(2016, 9, 9).unwrap(); // a Friday
//! let text = "Kerry and Lavrov met on Sunday and Monday in China.";
//! let found = event_date(text, article).unwrap();
//! assert_eq!(found.date.to_string(), "2016-09-04");
//! assert_eq!(found.granularity, Granularity::Day);
//! assert_eq!(&text[found.span()], "Sunday and Monday");
//! ```

use std::ops::Range;

use smallvec::SmallVec;

use crate::date::Date;

/// The precision of a resolved date: the length of the period it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    /// One day.
    Day,
    /// A weekend; the date is its Saturday.
    Weekend,
    /// A week; the date is its Monday.
    Week,
    /// A month; the date is its first day.
    Month,
    /// A year; the date is its first of January.
    Year,
}

impl Granularity {
    /// The name used in output: `day`, `weekend`, `week`, `month`, `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Weekend => "weekend",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        }
    }
}

/// A date expression found in a sentence, resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The first day of the period the expression names.
    pub date: Date,
    /// The length of that period.
    pub granularity: Granularity,
    /// First byte of the expression in the sentence.
    pub start: usize,
    /// One past the last byte of the expression.
    pub end: usize,
    /// True when the expression refers to a time after the article date.
    pub future: bool,
}

impl DateMention {
    /// The expression's byte range in the sentence.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The date the reported event happened: the first date expression in the
/// sentence that does not point to the future, or `None` (the caller then
/// falls back to the article date).
pub fn event_date(sentence: &str, article_date: Date) -> Option<DateMention> {
    let mut first = None;
    scan(sentence, Some(article_date), &mut |m| {
        if !m.future && first.is_none() {
            first = Some(m);
        }
    });
    first
}

/// Like [`event_date`], but when the sentence has several date expressions,
/// picks the one nearest to byte offset `anchor` (say, the verb that coded
/// the event); ties go to the earlier one.
pub fn event_date_near(sentence: &str, article_date: Date, anchor: usize) -> Option<DateMention> {
    let mut best: Option<(usize, DateMention)> = None;
    scan(sentence, Some(article_date), &mut |m| {
        if m.future {
            return;
        }
        let distance = if anchor < m.start {
            m.start - anchor
        } else {
            anchor.saturating_sub(m.end.saturating_sub(1))
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, m));
        }
    });
    best.map(|(_, m)| m)
}

/// Every date expression in the sentence, in order, future ones included.
/// Without an article date only expressions that carry their own year are
/// resolved (`Sept. 4, 2016`, `2016-09-04`, `in 2014`).
pub fn mentions(sentence: &str, article_date: Option<Date>) -> Vec<DateMention> {
    let mut out = Vec::new();
    scan(sentence, article_date, &mut |m| out.push(m));
    out
}

// ---------------------------------------------------------------------------
// Tokens

/// Words that matter to date expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum W {
    On,
    In,
    Of,
    And,
    Or,
    The,
    A,
    Last,
    This,
    Next,
    Earlier,
    Later,
    Early,
    Late,
    Mid,
    Since,
    Until,
    By,
    During,
    Yesterday,
    Today,
    Tonight,
    Tomorrow,
    Week,
    Weekend,
    Month,
    Year,
    Day,
    PartOfDay,
    Night,
    Ago,
    Coming,
    /// A future cue: will, shall, 'll, scheduled, plans, upcoming.
    Cue,
    /// A future cue when `to` follows: due, expected, set, poised.
    CueBeforeTo,
    To,
    /// `one` to `twelve`.
    Count(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
    /// 0 = Monday.
    Weekday(u8),
    /// 1 to 12, and whether the name is an abbreviation (`Sept`).
    Month(u8, bool),
    /// Digits, possibly with an ordinal suffix (`4th`).
    Num {
        value: u32,
        n_digits: u8,
        ordinal: bool,
    },
    Word(W),
    /// ASCII punctuation; 0 for anything else that is not a space.
    Punct(u8),
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: u32,
    end: u32,
    lex: Lex,
}

fn classify_word(word: &[u8]) -> Lex {
    if word[0].is_ascii_digit() {
        return classify_number(word);
    }
    if word.len() > 9 {
        return Lex::Other;
    }
    let mut buf = [0u8; 9];
    for (dst, src) in buf.iter_mut().zip(word) {
        *dst = src.to_ascii_lowercase();
    }
    let lower = &buf[..word.len()];
    let capital = word[0].is_ascii_uppercase();
    // `USA TODAY`, `ON`: upper-case words are names (weekdays and months
    // still count, for headlines).
    let all_caps = word.len() > 1 && word.iter().all(|b| b.is_ascii_uppercase());
    if capital {
        let weekday = match lower {
            b"monday" => Some(0),
            b"tuesday" => Some(1),
            b"wednesday" => Some(2),
            b"thursday" => Some(3),
            b"friday" => Some(4),
            b"saturday" => Some(5),
            b"sunday" => Some(6),
            _ => None,
        };
        if let Some(day) = weekday {
            return Lex::Weekday(day);
        }
        let month = match lower {
            b"january" => Some((1, false)),
            b"february" => Some((2, false)),
            b"march" => Some((3, false)),
            b"april" => Some((4, false)),
            b"may" => Some((5, false)),
            b"june" => Some((6, false)),
            b"july" => Some((7, false)),
            b"august" => Some((8, false)),
            b"september" => Some((9, false)),
            b"october" => Some((10, false)),
            b"november" => Some((11, false)),
            b"december" => Some((12, false)),
            b"jan" => Some((1, true)),
            b"feb" => Some((2, true)),
            b"mar" => Some((3, true)),
            b"apr" => Some((4, true)),
            b"jun" => Some((6, true)),
            b"jul" => Some((7, true)),
            b"aug" => Some((8, true)),
            b"sep" | b"sept" => Some((9, true)),
            b"oct" => Some((10, true)),
            b"nov" => Some((11, true)),
            b"dec" => Some((12, true)),
            _ => None,
        };
        if let Some((month, abbreviated)) = month {
            return Lex::Month(month, abbreviated);
        }
    }
    if all_caps {
        return Lex::Other;
    }
    let w = match lower {
        b"on" => W::On,
        b"in" => W::In,
        b"of" => W::Of,
        b"and" => W::And,
        b"or" => W::Or,
        b"the" => W::The,
        b"a" | b"an" => W::A,
        b"last" | b"past" => W::Last,
        b"this" => W::This,
        b"next" => W::Next,
        b"earlier" => W::Earlier,
        b"later" => W::Later,
        b"early" => W::Early,
        b"late" => W::Late,
        b"mid" => W::Mid,
        b"since" => W::Since,
        b"until" => W::Until,
        b"by" => W::By,
        b"during" => W::During,
        b"yesterday" => W::Yesterday,
        b"today" => W::Today,
        b"tonight" => W::Tonight,
        b"tomorrow" => W::Tomorrow,
        b"week" | b"weeks" => W::Week,
        b"weekend" => W::Weekend,
        b"month" | b"months" => W::Month,
        b"year" | b"years" => W::Year,
        b"day" | b"days" => W::Day,
        b"morning" | b"afternoon" | b"evening" => W::PartOfDay,
        b"night" | b"nights" => W::Night,
        b"ago" => W::Ago,
        b"coming" => W::Coming,
        b"will" | b"shall" | b"ll" | b"scheduled" | b"plans" | b"upcoming" => W::Cue,
        b"due" | b"expected" | b"set" | b"poised" => W::CueBeforeTo,
        b"to" => W::To,
        b"till" => W::Until,
        b"one" => W::Count(1),
        b"two" => W::Count(2),
        b"three" => W::Count(3),
        b"four" => W::Count(4),
        b"five" => W::Count(5),
        b"six" => W::Count(6),
        b"seven" => W::Count(7),
        b"eight" => W::Count(8),
        b"nine" => W::Count(9),
        b"ten" => W::Count(10),
        b"eleven" => W::Count(11),
        b"twelve" => W::Count(12),
        _ => return Lex::Other,
    };
    Lex::Word(w)
}

fn classify_number(word: &[u8]) -> Lex {
    let n_digits = word.iter().take_while(|b| b.is_ascii_digit()).count();
    let suffix = &word[n_digits..];
    let ordinal = match suffix.len() {
        0 => false,
        2 if matches!(
            [suffix[0].to_ascii_lowercase(), suffix[1].to_ascii_lowercase()],
            [b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h']
        ) =>
        {
            true
        }
        _ => return Lex::Other,
    };
    if n_digits > 4 {
        return Lex::Other;
    }
    let value = word[..n_digits].iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
    Lex::Num { value, n_digits: n_digits as u8, ordinal }
}

/// Splits a sentence into words (ASCII letters and digits) and punctuation.
/// Returns `false` when no word can start a date, so most sentences stop
/// here.
fn tokenize(text: &str, toks: &mut SmallVec<[Tok; 64]>) -> bool {
    let bytes = text.as_bytes();
    let mut any_trigger = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let lex = classify_word(&bytes[start..i]);
            any_trigger |= match lex {
                Lex::Weekday(_) | Lex::Month(..) => true,
                Lex::Num { n_digits, .. } => n_digits == 4,
                Lex::Word(w) => matches!(
                    w,
                    W::Yesterday
                        | W::Today
                        | W::Tonight
                        | W::Tomorrow
                        | W::Ago
                        | W::Week
                        | W::Weekend
                        | W::Month
                        | W::Year
                        | W::Night
                        | W::PartOfDay
                ),
                _ => false,
            };
            toks.push(Tok { start: start as u32, end: i as u32, lex });
        } else if b.is_ascii_whitespace() {
            i += 1;
        } else {
            let start = i;
            let lex = if b.is_ascii() {
                i += 1;
                Lex::Punct(b)
            } else {
                // A right single quote is an apostrophe; any other
                // non-ASCII character just separates words.
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                i += c.len_utf8();
                if c == '\u{2019}' { Lex::Punct(b'\'') } else { Lex::Punct(0) }
            };
            toks.push(Tok { start: start as u32, end: i as u32, lex });
        }
    }
    any_trigger
}

// ---------------------------------------------------------------------------
// Patterns

/// How far ahead a day without a year may be taken to lie (see
/// [`Scanner::resolve_day`]).
const NEAR_FUTURE_DAYS: i32 = 120;

struct Scanner<'t> {
    text: &'t str,
    toks: &'t [Tok],
    article: Option<Date>,
}

/// A match: the tokens it covers (first, one past the last) and its value.
struct Found {
    first: usize,
    end: usize,
    date: Date,
    granularity: Granularity,
    future: bool,
}

fn scan(text: &str, article: Option<Date>, emit: &mut dyn FnMut(DateMention)) {
    let mut toks: SmallVec<[Tok; 64]> = SmallVec::new();
    if !tokenize(text, &mut toks) {
        return;
    }
    let scanner = Scanner { text, toks: &toks, article };
    let mut i = 0;
    while i < toks.len() {
        match scanner.at(i) {
            Some(found) if scanner.is_deadline(found.first) => i = found.end.max(i + 1),
            Some(found) => {
                let first = &toks[found.first];
                let last = &toks[found.end - 1];
                let future = found.future || article.is_some_and(|a| found.date > a);
                emit(DateMention {
                    date: found.date,
                    granularity: found.granularity,
                    start: first.start as usize,
                    end: last.end as usize,
                    future,
                });
                i = found.end.max(i + 1);
            }
            None => i += 1,
        }
    }
}

impl Scanner<'_> {
    fn lex(&self, i: usize) -> Option<Lex> {
        self.toks.get(i).map(|t| t.lex)
    }

    fn word(&self, i: usize) -> Option<W> {
        match self.lex(i)? {
            Lex::Word(w) => Some(w),
            _ => None,
        }
    }

    fn is_word(&self, i: usize, w: W) -> bool {
        self.word(i) == Some(w)
    }

    fn is_punct(&self, i: usize, p: u8) -> bool {
        self.lex(i) == Some(Lex::Punct(p))
    }

    /// True when token `i` directly follows token `i - 1` (no space).
    fn touches(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].start == self.toks[i - 1].end
    }

    /// The word before token `i`, looking through a `mid-` hyphen.
    fn word_before(&self, i: usize) -> Option<W> {
        self.word(i.checked_sub(1)?)
    }

    /// True when the expression at `first` is a deadline or a limit
    /// (`until Monday`, `by Friday`), not when something happened.
    fn is_deadline(&self, first: usize) -> bool {
        let before = if self.is_word(first.wrapping_sub(1), W::On) {
            first.wrapping_sub(2)
        } else {
            first.wrapping_sub(1)
        };
        matches!(self.word(before), Some(W::Until | W::By))
    }

    /// The text of token `i`.
    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start as usize..t.end as usize])
    }

    /// A future cue before token `i` in the same clause.
    fn future_cue(&self, i: usize) -> bool {
        for j in (0..i).rev().take(12) {
            match self.toks[j].lex {
                Lex::Word(W::Cue) | Lex::Word(W::Tomorrow) => return true,
                Lex::Word(W::CueBeforeTo) if self.is_word(j + 1, W::To) => return true,
                Lex::Punct(b',' | b';' | b':' | b'(' | b')' | b'.' | b'!' | b'?') => return false,
                _ => {}
            }
        }
        false
    }

    /// A match starting at token `i`, trying the patterns in turn.
    fn at(&self, i: usize) -> Option<Found> {
        match self.lex(i)? {
            Lex::Num { n_digits: 4, .. } => self.iso(i).or_else(|| self.day_month(i)),
            Lex::Num { .. } => self.day_month(i).or_else(|| self.ago(i)),
            Lex::Weekday(_) => self.weekday(i, i),
            Lex::Month(..) => self.month(i, i),
            Lex::Word(w) => self.word_at(i, w),
            _ => None,
        }
    }

    fn word_at(&self, i: usize, w: W) -> Option<Found> {
        let article = self.article;
        match w {
            W::Yesterday => {
                let end = self.part_of_day_end(i + 1);
                Some(self.day(i, end, article?.add_days(-1)))
            }
            W::Today | W::Tonight => Some(self.day(i, i + 1, article?)),
            W::Tomorrow => {
                let end = self.part_of_day_end(i + 1);
                let mut found = self.day(i, end, article?.add_days(1));
                found.future = true;
                Some(found)
            }
            W::Last | W::This | W::Next | W::Coming => self.relative(i, i, w),
            W::Earlier | W::Later => {
                // `earlier this month`, `later this week`, `earlier today`.
                let next = self.word(i + 1)?;
                if next == W::Today {
                    let mut found = self.day(i, i + 2, article?);
                    found.future = w == W::Later;
                    return Some(found);
                }
                if next != W::This {
                    return None;
                }
                let mut found = self.relative(i, i + 1, W::This)?;
                found.future = w == W::Later;
                Some(found)
            }
            W::In | W::During => {
                // `in 2014`.
                let Some(Lex::Num { value, n_digits: 4, ordinal: false }) = self.lex(i + 1) else {
                    return None;
                };
                if !(1900..=2100).contains(&value) || self.is_punct(i + 2, b'-') {
                    return None;
                }
                let date = Date::from_ymd(value as i32, 1, 1)?;
                Some(Found {
                    first: i + 1,
                    end: i + 2,
                    date,
                    granularity: Granularity::Year,
                    future: false,
                })
            }
            W::A | W::Count(_) => self.ago(i),
            W::The if self.is_word(i + 1, W::Weekend) => self.weekend(i, i + 1),
            W::Weekend => self.weekend(i, i),
            _ => None,
        }
    }

    fn day(&self, first: usize, end: usize, date: Date) -> Found {
        Found { first, end, date, granularity: Granularity::Day, future: false }
    }

    /// One past `morning`, `afternoon`, `evening` or `night` at `i`, else `i`.
    fn part_of_day_end(&self, i: usize) -> usize {
        match self.word(i) {
            Some(W::PartOfDay | W::Night) => i + 1,
            _ => i,
        }
    }

    /// `last`/`this`/`next`/`coming` (at `i`, span from `first`) followed by
    /// a unit, a weekday, a month or `night`.
    fn relative(&self, first: usize, i: usize, w: W) -> Option<Found> {
        let article = self.article?;
        let (y, m, _) = article.ymd();
        let future = matches!(w, W::Next | W::Coming);
        let unit_at = i + 1;
        match self.lex(unit_at)? {
            Lex::Word(W::Week) => {
                let monday = article.add_days(-(article.weekday() as i32));
                let date = match w {
                    W::Last => monday.add_days(-7),
                    W::This => monday,
                    _ => monday.add_days(7),
                };
                Some(Found {
                    first,
                    end: unit_at + 1,
                    date,
                    granularity: Granularity::Week,
                    future,
                })
            }
            Lex::Word(W::Month) => {
                let (y, m) = match w {
                    W::Last => prev_month(y, m),
                    W::This => (y, m),
                    _ => next_month(y, m),
                };
                let date = Date::from_ymd(y, m, 1)?;
                Some(Found {
                    first,
                    end: unit_at + 1,
                    date,
                    granularity: Granularity::Month,
                    future,
                })
            }
            Lex::Word(W::Year) => {
                let y = match w {
                    W::Last => y - 1,
                    W::This => y,
                    _ => y + 1,
                };
                let date = Date::from_ymd(y, 1, 1)?;
                Some(Found {
                    first,
                    end: unit_at + 1,
                    date,
                    granularity: Granularity::Year,
                    future,
                })
            }
            Lex::Word(W::Night) if w == W::Last => {
                Some(self.day(first, unit_at + 1, article.add_days(-1)))
            }
            Lex::Word(W::PartOfDay) if w == W::This => Some(self.day(first, unit_at + 1, article)),
            Lex::Word(W::PartOfDay) if w == W::Last => {
                Some(self.day(first, unit_at + 1, article.add_days(-1)))
            }
            Lex::Word(W::Weekend) => self.weekend(first, unit_at),
            Lex::Weekday(_) => self.weekday(first, unit_at),
            Lex::Month(..) => self.month(first, unit_at),
            _ => None,
        }
    }

    /// `the weekend`, `last weekend`, `this weekend`, `next weekend`: the
    /// span starts at `first` (the modifier or `the`), `weekend` is at `at`.
    fn weekend(&self, first: usize, at: usize) -> Option<Found> {
        let article = self.article?;
        let modifier = self.word(first);
        let forward = matches!(modifier, Some(W::Next | W::Coming))
            || (modifier != Some(W::Last) && self.future_cue(first));
        let date = if forward {
            on_or_after(article.add_days(1), 5)
        } else {
            on_or_before(article.add_days(-1), 5)
        };
        Some(Found { first, end: at + 1, date, granularity: Granularity::Weekend, future: forward })
    }

    /// A weekday at `i` (modifier at `first` when `first < i`), with
    /// `night`/`morning`, `and Monday`, or an explicit date after it.
    fn weekday(&self, first: usize, i: usize) -> Option<Found> {
        let Lex::Weekday(day) = self.lex(i)? else { return None };
        // Newspapers and shows: `Sunday Times`, `Monday Night Football`.
        if matches!(
            self.text(i + 1),
            "Times"
                | "Telegraph"
                | "Mirror"
                | "Express"
                | "Herald"
                | "Post"
                | "Tribune"
                | "Independent"
                | "Observer"
                | "Star"
                | "Mail"
                | "Sport"
                | "People"
                | "Business"
                | "Night"
                | "Morning"
                | "Briefing"
                | "Show"
                | "Review"
                | "Sun"
                | "Journal"
        ) {
            return None;
        }
        // `Friday, Sept. 9` and `Friday 9 September`: the explicit date wins.
        let after = if self.is_punct(i + 1, b',') { i + 2 } else { i + 1 };
        let explicit = self.month(after, after).or_else(|| self.day_month(after));
        if let Some(found) = explicit.filter(|f| f.granularity == Granularity::Day) {
            return Some(Found { first, ..found });
        }
        let article = self.article?;
        let mut end = self.part_of_day_end(i + 1);
        // `Sunday and Monday`, `Friday or Saturday`, `Friday and Saturday nights`.
        if matches!(self.word(end), Some(W::And | W::Or))
            && matches!(self.lex(end + 1), Some(Lex::Weekday(_)))
        {
            end = self.part_of_day_end(end + 2);
        }
        let modifier = if first < i { self.word(first) } else { None };
        let (date, future) = match modifier {
            Some(W::Last) => (on_or_before(article.add_days(-1), day), false),
            Some(W::Next | W::Coming) => (on_or_after(article.add_days(1), day), true),
            _ if self.future_cue(first) => {
                let date = on_or_after(article, day);
                (date, date > article)
            }
            _ => (on_or_before(article, day), false),
        };
        Some(Found { first, end, date, granularity: Granularity::Day, future })
    }

    /// A month name at `i`: `Sept. 4`, `Sept. 4, 2016`, `September 2016`,
    /// `in February`, `last March`.
    fn month(&self, first: usize, i: usize) -> Option<Found> {
        let Lex::Month(month, abbreviated) = self.lex(i)? else { return None };
        let mut next = i + 1;
        let has_period = self.is_punct(next, b'.') && self.touches(next);
        if has_period {
            next += 1;
        }
        let modifier = if first < i { self.word(first) } else { None };
        match self.lex(next) {
            // `Sept. 4`, `September 4th`, `Sept. 4, 2016`.
            Some(Lex::Num { value: day, n_digits: 1 | 2, .. }) if (1..=31).contains(&day) => {
                let (year, end) = self.year_after(next + 1);
                let date = self.resolve_day(year, month, day, first)?;
                let end = end.unwrap_or(next + 1);
                Some(Found { first, end, date, granularity: Granularity::Day, future: false })
            }
            // `September 2016`.
            Some(Lex::Num { value: year, n_digits: 4, ordinal: false }) => {
                let date = Date::from_ymd(year as i32, u32::from(month), 1)?;
                Some(Found {
                    first,
                    end: next + 1,
                    date,
                    granularity: Granularity::Month,
                    future: false,
                })
            }
            _ => {
                // A bare month name; abbreviations and `May` need support.
                let before = self.word_before(i).or_else(|| {
                    // `mid-February`.
                    (self.is_punct(i.checked_sub(1)?, b'-') && self.touches(i))
                        .then(|| self.word(i.checked_sub(2)?))
                        .flatten()
                });
                let supported = matches!(
                    before,
                    Some(
                        W::In
                            | W::Of
                            | W::Since
                            | W::Until
                            | W::By
                            | W::Early
                            | W::Late
                            | W::Mid
                            | W::During
                            | W::Last
                            | W::This
                            | W::Next
                            | W::Coming
                    )
                );
                if abbreviated || (month == 5 && !supported) {
                    return None;
                }
                let article = self.article?;
                let (y, m, _) = article.ymd();
                let m = m as u8;
                let (year, future) = match modifier {
                    Some(W::Last) => (if month < m { y } else { y - 1 }, false),
                    Some(W::Next | W::Coming) => (if month > m { y } else { y + 1 }, true),
                    _ if self.future_cue(first) => (if month >= m { y } else { y + 1 }, month != m),
                    _ => (if month <= m { y } else { y - 1 }, false),
                };
                let date = Date::from_ymd(year, u32::from(month), 1)?;
                Some(Found { first, end: i + 1, date, granularity: Granularity::Month, future })
            }
        }
    }

    /// A day number at `i` before a month: `4 September`, `4th of September
    /// 2016`.
    fn day_month(&self, i: usize) -> Option<Found> {
        let Lex::Num { value: day, n_digits: 1 | 2, .. } = self.lex(i)? else { return None };
        if !(1..=31).contains(&day) {
            return None;
        }
        let mut at = i + 1;
        if self.is_word(at, W::Of) {
            at += 1;
        }
        let Lex::Month(month, abbreviated) = self.lex(at)? else { return None };
        let mut end = at + 1;
        if abbreviated && self.is_punct(end, b'.') && self.touches(end) {
            end += 1;
        }
        let (year, year_end) = self.year_after(end);
        let date = self.resolve_day(year, month, day, i)?;
        Some(Found {
            first: i,
            end: year_end.unwrap_or(end),
            date,
            granularity: Granularity::Day,
            future: false,
        })
    }

    /// A year at `i` or after a comma at `i`: `(Some(year), Some(end))`.
    fn year_after(&self, i: usize) -> (Option<u32>, Option<usize>) {
        let at = if self.is_punct(i, b',') { i + 1 } else { i };
        match self.lex(at) {
            Some(Lex::Num { value, n_digits: 4, ordinal: false })
                if (1000..=2999).contains(&value) =>
            {
                (Some(value), Some(at + 1))
            }
            _ => (None, None),
        }
    }

    /// The date for a day and month: in the given year, else the most
    /// recent one on or before the article date, unless the next one is
    /// near (at most [`NEAR_FUTURE_DAYS`] ahead) and the previous one more
    /// than twice as far back (`on Jan. 20` in a November article is the
    /// coming January). After a future cue it is the next one.
    fn resolve_day(&self, year: Option<u32>, month: u8, day: u32, first: usize) -> Option<Date> {
        let month = u32::from(month);
        if let Some(year) = year {
            return Date::from_ymd(year as i32, month, day);
        }
        let article = self.article?;
        let (y, ..) = article.ymd();
        let candidates = [y - 1, y, y + 1].map(|year| Date::from_ymd(year, month, day));
        let past = candidates.iter().flatten().rev().find(|d| **d <= article).copied();
        let next = candidates.iter().flatten().find(|d| **d >= article).copied();
        if self.future_cue(first) {
            return next;
        }
        match (past, next) {
            (Some(past), Some(next)) => {
                let back = article.days() - past.days();
                let ahead = next.days() - article.days();
                Some(if ahead <= NEAR_FUTURE_DAYS && back > 2 * ahead { next } else { past })
            }
            (past, next) => past.or(next),
        }
    }

    /// `2016-09-04`.
    fn iso(&self, i: usize) -> Option<Found> {
        let Lex::Num { value: year, n_digits: 4, ordinal: false } = self.lex(i)? else {
            return None;
        };
        let dash = |j: usize| self.is_punct(j, b'-') && self.touches(j) && self.touches(j + 1);
        if !dash(i + 1) || !dash(i + 3) {
            return None;
        }
        let Some(Lex::Num { value: month, n_digits: 2, ordinal: false }) = self.lex(i + 2) else {
            return None;
        };
        let Some(Lex::Num { value: day, n_digits: 2, ordinal: false }) = self.lex(i + 4) else {
            return None;
        };
        let date = Date::from_ymd(year as i32, month, day)?;
        Some(self.day(i, i + 5, date))
    }

    /// `two days ago`, `a week ago`, `3 months ago`.
    fn ago(&self, i: usize) -> Option<Found> {
        let n = match self.lex(i)? {
            Lex::Word(W::A) => 1,
            Lex::Word(W::Count(n)) => i32::from(n),
            Lex::Num { value, n_digits: 1 | 2, ordinal: false } => value as i32,
            _ => return None,
        };
        if !self.is_word(i + 2, W::Ago) {
            return None;
        }
        let article = self.article?;
        let (date, granularity) = match self.word(i + 1)? {
            W::Day => (article.add_days(-n), Granularity::Day),
            W::Week => {
                let date = article.add_days(-7 * n);
                (date.add_days(-(date.weekday() as i32)), Granularity::Week)
            }
            W::Month => {
                let (mut y, mut m, _) = article.ymd();
                for _ in 0..n {
                    (y, m) = prev_month(y, m);
                }
                (Date::from_ymd(y, m, 1)?, Granularity::Month)
            }
            W::Year => (Date::from_ymd(article.ymd().0 - n, 1, 1)?, Granularity::Year),
            _ => return None,
        };
        Some(Found { first: i, end: i + 3, date, granularity, future: false })
    }
}

fn prev_month(y: i32, m: u32) -> (i32, u32) {
    if m == 1 { (y - 1, 12) } else { (y, m - 1) }
}

fn next_month(y: i32, m: u32) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// The most recent `weekday` (0 = Monday) on or before `date`.
fn on_or_before(date: Date, weekday: u8) -> Date {
    let back = (date.weekday() as i32 - i32::from(weekday)).rem_euclid(7);
    date.add_days(-back)
}

/// The first `weekday` on or after `date`.
fn on_or_after(date: Date, weekday: u8) -> Date {
    let ahead = (i32::from(weekday) - date.weekday() as i32).rem_euclid(7);
    date.add_days(ahead)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence, the article date, and the expected first non-future
    /// mention.
    type Case<'a> = (&'a str, &'a str, Option<(&'a str, Granularity, &'a str)>);

    /// Checks the first non-future mention: `(date, granularity, span text)`
    /// or `None`.
    fn check(sentence: &str, article: &str, expect: Option<(&str, Granularity, &str)>) {
        let article = Date::parse_compact(article).unwrap();
        let got = event_date(sentence, article)
            .map(|m| (m.date.to_string(), m.granularity, &sentence[m.span()]));
        let expect = expect.map(|(d, g, s)| (d.to_string(), g, s));
        assert_eq!(got, expect, "{sentence:?}");
    }

    use Granularity::*;

    #[test]
    fn weekdays() {
        // 2016-09-09 was a Friday.
        #[rustfmt::skip]
        let cases: &[Case<'_>] = &[
            ("Kerry flew in to Geneva on Friday to meet Lavrov.", "2016-09-09", Some(("2016-09-09", Day, "Friday"))),
            ("They met on Thursday.", "2016-09-09", Some(("2016-09-08", Day, "Thursday"))),
            ("They met on Saturday.", "2016-09-09", Some(("2016-09-03", Day, "Saturday"))),
            ("They met most recently on Sunday and Monday in China.", "2016-09-09", Some(("2016-09-04", Day, "Sunday and Monday"))),
            ("Clashes erupted on Tuesday night.", "2016-09-09", Some(("2016-09-06", Day, "Tuesday night"))),
            ("Clashes erupted late Tuesday.", "2016-09-09", Some(("2016-09-06", Day, "Tuesday"))),
            ("Friday's meeting ended without a deal.", "2016-09-09", Some(("2016-09-09", Day, "Friday"))),
            ("Friday\u{2019}s meeting ended without a deal.", "2016-09-09", Some(("2016-09-09", Day, "Friday"))),
            ("They met last Friday.", "2016-09-09", Some(("2016-09-02", Day, "last Friday"))),
            ("They met last Thursday.", "2016-09-09", Some(("2016-09-08", Day, "last Thursday"))),
            ("The talks ended on Friday, Sept. 2.", "2016-09-09", Some(("2016-09-02", Day, "Friday, Sept. 2"))),
            // Future: skipped by event_date.
            ("Kerry will meet Lavrov on Monday.", "2016-09-09", None),
            ("They meet again next Tuesday.", "2016-09-09", None),
            // A cue in another clause does not count.
            ("Kerry, who met Lavrov on Monday, will fly home.", "2016-09-09", Some(("2016-09-05", Day, "Monday"))),
            ("\"We will win.\" Rebels attacked on Monday.", "2016-09-09", Some(("2016-09-05", Day, "Monday"))),
            ("FRIDAY was quiet.", "2016-09-09", Some(("2016-09-09", Day, "FRIDAY"))),
        ];
        for (sentence, article, expect) in cases {
            check(sentence, article, *expect);
        }
    }

    #[test]
    fn calendar_dates() {
        #[rustfmt::skip]
        let cases: &[Case<'_>] = &[
            ("The ceasefire began on Sept. 4.", "2016-09-09", Some(("2016-09-04", Day, "Sept. 4"))),
            ("The ceasefire began on September 4.", "2016-09-09", Some(("2016-09-04", Day, "September 4"))),
            ("The ceasefire began on September 4th.", "2016-09-09", Some(("2016-09-04", Day, "September 4th"))),
            ("The ceasefire began on 4 September.", "2016-09-09", Some(("2016-09-04", Day, "4 September"))),
            ("The ceasefire began on the 4th of September.", "2016-09-09", Some(("2016-09-04", Day, "4th of September"))),
            ("The ceasefire began on Sept. 4, 2015.", "2016-09-09", Some(("2015-09-04", Day, "Sept. 4, 2015"))),
            ("The ceasefire began on 4 September 2015.", "2016-09-09", Some(("2015-09-04", Day, "4 September 2015"))),
            ("It was signed on Dec. 28.", "2017-01-03", Some(("2016-12-28", Day, "Dec. 28"))),
            ("He would be sworn in on January 20.", "2020-11-26", None),
            ("It began on October 9.", "2013-03-14", Some(("2012-10-09", Day, "October 9"))),
            ("Analysts had expected February's figure to be stronger.", "2016-09-09", Some(("2016-02-01", Month, "February"))),
            ("The court is expected to rule on Sept. 4.", "2016-09-01", None),
            ("A UN-backed ceasefire was declared as far back as February.", "2016-09-09", Some(("2016-02-01", Month, "February"))),
            ("Elections were held in October.", "2016-09-09", Some(("2015-10-01", Month, "October"))),
            ("Talks began in September.", "2016-09-09", Some(("2016-09-01", Month, "September"))),
            ("Fighting flared in mid-March.", "2016-09-09", Some(("2016-03-01", Month, "March"))),
            ("He resigned in May.", "2016-09-09", Some(("2016-05-01", Month, "May"))),
            ("He resigned last March.", "2016-09-09", Some(("2016-03-01", Month, "last March"))),
            ("He resigned in September 2014.", "2016-09-09", Some(("2014-09-01", Month, "September 2014"))),
            ("The war ended in 2014.", "2016-09-09", Some(("2014-01-01", Year, "2014"))),
            ("The vote was held on 2016-09-04 in Geneva.", "2016-09-09", Some(("2016-09-04", Day, "2016-09-04"))),
            // Not dates.
            ("May God help us.", "2016-09-09", None),
            ("Officials may meet.", "2016-09-09", None),
            ("He reported 2016 cases.", "2016-09-09", None),
            ("The March on Washington drew crowds.", "2016-09-09", Some(("2016-03-01", Month, "March"))),
            ("Mar. was mentioned.", "2016-09-09", None),
            ("The Feb. 30 deadline passed.", "2016-09-09", None),
            ("Feb. 29 was the deadline.", "2017-03-01", Some(("2016-02-29", Day, "Feb. 29"))),
            ("Feb. 29 was the deadline.", "2016-03-01", Some(("2016-02-29", Day, "Feb. 29"))),
            // Future.
            ("Elections will be held on Nov. 8.", "2016-09-09", None),
            ("The court is due to rule in October.", "2016-09-09", None),
        ];
        for (sentence, article, expect) in cases {
            check(sentence, article, *expect);
        }
    }

    #[test]
    fn relative_expressions() {
        #[rustfmt::skip]
        let cases: &[Case<'_>] = &[
            ("Rebels attacked the town yesterday.", "2016-09-09", Some(("2016-09-08", Day, "yesterday"))),
            ("Yesterday morning rebels attacked.", "2016-09-09", Some(("2016-09-08", Day, "Yesterday morning"))),
            ("Rebels attacked the town today.", "2016-09-09", Some(("2016-09-09", Day, "today"))),
            ("Rebels attacked the town this morning.", "2016-09-09", Some(("2016-09-09", Day, "this morning"))),
            ("Rebels attacked the town last night.", "2016-09-09", Some(("2016-09-08", Day, "last night"))),
            ("Rebels attacked the town earlier today.", "2016-09-09", Some(("2016-09-09", Day, "earlier today"))),
            ("Rebels attacked the town last week.", "2016-09-09", Some(("2016-08-29", Week, "last week"))),
            ("Rebels attacked the town this week.", "2016-09-09", Some(("2016-09-05", Week, "this week"))),
            ("Rebels attacked the town earlier this week.", "2016-09-09", Some(("2016-09-05", Week, "earlier this week"))),
            ("Rebels attacked the town last month.", "2016-09-09", Some(("2016-08-01", Month, "last month"))),
            ("Rebels attacked the town last month.", "2016-01-09", Some(("2015-12-01", Month, "last month"))),
            ("Rebels attacked the town earlier this month.", "2016-09-09", Some(("2016-09-01", Month, "earlier this month"))),
            ("Rebels attacked the town last year.", "2016-09-09", Some(("2015-01-01", Year, "last year"))),
            ("Rebels attacked the town over the weekend.", "2016-09-09", Some(("2016-09-03", Weekend, "the weekend"))),
            ("Rebels attacked the town last weekend.", "2016-09-05", Some(("2016-09-03", Weekend, "last weekend"))),
            ("Rebels attacked the town two days ago.", "2016-09-09", Some(("2016-09-07", Day, "two days ago"))),
            ("Rebels attacked the town 3 days ago.", "2016-09-09", Some(("2016-09-06", Day, "3 days ago"))),
            ("Rebels attacked the town a week ago.", "2016-09-09", Some(("2016-08-29", Week, "a week ago"))),
            ("Rebels attacked the town two months ago.", "2016-09-09", Some(("2016-07-01", Month, "two months ago"))),
            ("Rebels attacked the town in the past week.", "2016-09-09", Some(("2016-08-29", Week, "past week"))),
            // Future.
            ("Talks resume next week.", "2016-09-09", None),
            ("Talks resume tomorrow.", "2016-09-09", None),
            ("Talks resume later this month.", "2016-09-09", None),
            ("Talks resume next month.", "2016-09-09", None),
            // A future mention does not hide a past one.
            ("After talks last week, they meet again next week.", "2016-09-09", Some(("2016-08-29", Week, "last week"))),
            ("They meet next week after talks on Monday.", "2016-09-09", Some(("2016-09-05", Day, "Monday"))),
            // Nothing.
            ("Kerry met Lavrov.", "2016-09-09", None),
            ("Trading was suspended until Monday.", "2016-09-09", None),
            ("Trading was suspended until Monday, Sept. 12, when it resumed.", "2016-09-09", None),
            ("Some 63% of respondents in the Sunday Times poll agreed.", "2016-09-09", None),
            ("USA TODAY reported the attack.", "2016-09-09", None),
            ("", "2016-09-09", None),
            ("The week was long and the day was short.", "2016-09-09", None),
        ];
        for (sentence, article, expect) in cases {
            check(sentence, article, *expect);
        }
    }

    #[test]
    fn all_mentions_and_future_flags() {
        let article = Date::from_ymd(2016, 9, 9).unwrap();
        let text = "After talks on Sunday, they meet next Tuesday and again on Sept. 20, 2016.";
        let found: Vec<(String, &str, bool)> = mentions(text, Some(article))
            .iter()
            .map(|m| (m.date.to_string(), &text[m.span()], m.future))
            .collect();
        assert_eq!(
            found,
            [
                ("2016-09-04".to_string(), "Sunday", false),
                ("2016-09-13".to_string(), "next Tuesday", true),
                ("2016-09-20".to_string(), "Sept. 20, 2016", true),
            ]
        );
        // Without an article date only explicit years resolve.
        let found = mentions(text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span()], "Sept. 20, 2016");
    }

    #[test]
    fn nearest_to_an_anchor() {
        let article = Date::from_ymd(2016, 9, 9).unwrap();
        let text = "On Monday, officials said the attack last week killed 20.";
        let said = text.find("said").unwrap();
        let killed = text.find("killed").unwrap();
        let at_said = event_date_near(text, article, said).unwrap();
        assert_eq!(&text[at_said.span()], "Monday");
        let at_killed = event_date_near(text, article, killed).unwrap();
        assert_eq!(&text[at_killed.span()], "last week");
        assert_eq!(event_date_near("No date here.", article, 0), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let article = Date::from_ymd(2016, 9, 9).unwrap();
        for text in [
            "On",
            "last",
            "Sept.",
            "Sept. 99",
            "99999999 days ago",
            "on 31 February",
            "Mo\u{308}nday, Сентябрь 4, 日本",
            "in 2016-",
            "2016-13-45",
            "a a a ago ago",
            "next",
            "earlier this",
            "Friday and",
        ] {
            let _ = mentions(text, Some(article));
            let _ = mentions(text, None);
        }
        let long = "Friday ".repeat(10_000);
        assert_eq!(mentions(&long, Some(article)).len(), 10_000);
    }
}
