//! End-to-end tests of the built-in pipeline: offsets, tree shape, odd
//! input. They need only the committed models.

use dyad_nlp::{DepRel, Pipeline, Sentence};

/// Analyses `text` and checks the invariants every analysis must keep:
/// offsets slice the text, tokens are in order inside their sentence, and
/// each sentence is one tree with one root.
fn check(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    Pipeline::builtin().analyze(text, &mut out);
    let mut last = 0;
    for s in &out {
        assert!(
            s.start >= last && s.start < s.end && s.end <= text.len(),
            "sentence {}..{}",
            s.start,
            s.end
        );
        assert!(!s.tokens.is_empty());
        assert_eq!(s.tokens[0].start, s.start);
        assert_eq!(s.tokens.last().unwrap().end, s.end);
        let n = s.tokens.len() as u32;
        let mut roots = 0;
        for (i, t) in s.tokens.iter().enumerate() {
            assert!(t.start >= last && t.start < t.end, "token {i} of {:?}", &text[s.start..s.end]);
            assert_eq!(&text[t.start..t.end], t.form, "surface of token {i}");
            last = t.end;
            assert!(t.head <= n);
            if t.head == 0 {
                roots += 1;
                assert_eq!(t.deprel, DepRel::ROOT);
            } else {
                assert_ne!(t.deprel, DepRel::ROOT);
            }
            // Following heads reaches the root without a cycle.
            let mut h = t.head;
            let mut steps = 0;
            while h != 0 {
                h = s.tokens[h as usize - 1].head;
                steps += 1;
                assert!(steps <= n, "cycle through token {i}");
            }
        }
        assert_eq!(roots, 1, "one root per sentence");
        // Projective: no two arcs cross.
        for (i, t) in s.tokens.iter().enumerate() {
            if t.head == 0 {
                continue;
            }
            let (a, b) = (i as u32 + 1, t.head);
            let (lo, hi) = (a.min(b), a.max(b));
            for (j, u) in s.tokens.iter().enumerate() {
                let (c, d) = (j as u32 + 1, u.head);
                if d == 0 {
                    continue;
                }
                let (lo2, hi2) = (c.min(d), c.max(d));
                assert!(!(lo < lo2 && lo2 < hi && hi < hi2), "arcs {a}-{b} and {c}-{d} cross");
            }
        }
    }
    out
}

#[test]
fn news_paragraph() {
    let text = "GENEVA (AFP) - Iran's foreign minister met U.S. envoys on Sept. 9 in Geneva. \
        \"We didn't agree,\" he said.\n\nTalks resume Monday.";
    let out = check(text);
    let sentences: Vec<&str> = out.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(
        sentences,
        [
            "GENEVA (AFP) -",
            "Iran's foreign minister met U.S. envoys on Sept. 9 in Geneva.",
            "\"We didn't agree,\" he said.",
            "Talks resume Monday."
        ]
    );
    let second = &out[1];
    let forms: Vec<&str> = second.tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(forms[..4], ["Iran", "'s", "foreign", "minister"]);
    let met = &second.tokens[4];
    assert_eq!((met.tag.as_str(), met.lemma.as_str(), met.head), ("VBD", "meet", 0));
    let minister = &second.tokens[3];
    assert_eq!((minister.deprel.as_str(), minister.head), ("nsubj", 5));
    let envoys = &second.tokens[6];
    assert_eq!((envoys.deprel.as_str(), envoys.lemma.as_str()), ("dobj", "envoy"));
}

#[test]
fn words_given() {
    let s = Pipeline::builtin().analyze_words(&["Rebels", "attacked", "the", "town", "."]);
    let tags: Vec<&str> = s.tokens.iter().map(|t| t.tag.as_str()).collect();
    assert_eq!(tags, ["NNS", "VBD", "DT", "NN", "."]);
    let heads: Vec<u32> = s.tokens.iter().map(|t| t.head).collect();
    assert_eq!(heads, [2, 0, 4, 2, 2]);
}

#[test]
fn odd_input_does_not_panic() {
    let long_no_stop = "word and ".repeat(120_000);
    let inputs = [
        String::new(),
        " \n\t\r\n ".to_string(),
        long_no_stop,
        "\u{0}\u{1}\u{2} control \u{7}\u{1b}[31m red \u{7f}".to_string(),
        "مرحبا بالعالم. 你好，世界。 Привет, мир! नमस्ते दुनिया. ".repeat(50),
        "<html><body><p>Police said <b>five</b> died.</p><br/>&amp; more</body></html>".to_string(),
        "\u{FEFF}\u{200B}\u{200D}\u{2028}\u{2029}\u{85}".to_string(),
        "e\u{301}\u{302}\u{303}\u{304} \u{10FFFF} \u{E000} \u{1F600}\u{1F3FD} 🇺🇳".to_string(),
        ".".repeat(5_000),
        "\"".repeat(3_000),
        "-".repeat(3_000),
        "U.S. ".repeat(2_000),
        "(((((((((( )))))))))) [[[ ]]]".to_string(),
        "A".to_string(),
        "'s n't 're".to_string(),
    ];
    for text in &inputs {
        check(text);
    }
}

#[test]
fn models_reject_bad_bytes() {
    assert!(Pipeline::from_bytes(b"", b"").is_err());
    assert!(Pipeline::from_bytes(dyad_nlp::BUILTIN_PARSER, dyad_nlp::BUILTIN_TAGGER).is_err());
    let mut broken = dyad_nlp::BUILTIN_TAGGER.to_vec();
    let mid = broken.len() / 2;
    broken[mid] ^= 0x55;
    assert!(Pipeline::from_bytes(&broken, dyad_nlp::BUILTIN_PARSER).is_err());
    assert!(
        Pipeline::from_bytes(&dyad_nlp::BUILTIN_TAGGER[..100], dyad_nlp::BUILTIN_PARSER).is_err()
    );
    assert!(Pipeline::load_builtin().is_ok());
}

#[test]
fn caches_do_not_carry_one_words_results_to_another() {
    // `mechanics` and `mechanism` share their feature hash; an analyzer
    // that analysed one must still analyse the other as a fresh one does.
    let pipeline = Pipeline::builtin();
    let first = "The mechanics of the deal were complex.";
    let second = "The mechanism of the deal was complex.";
    for (a, b) in [(first, second), (second, first)] {
        let mut analyzer = pipeline.analyzer();
        let (mut warm, mut fresh) = (Vec::new(), Vec::new());
        analyzer.analyze(a, &mut warm);
        warm.clear();
        analyzer.analyze(b, &mut warm);
        pipeline.analyze(b, &mut fresh);
        assert_eq!(warm, fresh, "{b:?} after {a:?}");
    }
}

#[test]
fn parsing_later_gives_the_same_parse() {
    let text = "Rebels attacked the town on Monday. The weather was fine. \
                Officials said the army would respond.";
    let pipeline = Pipeline::builtin();
    let mut parsed = Vec::new();
    pipeline.analyze(text, &mut parsed);
    let mut analyzer = pipeline.analyzer();
    let mut deferred = Vec::new();
    let mut seen = 0;
    analyzer.analyze_with(text, &mut deferred, |tokens| {
        seen += 1;
        assert!(tokens.iter().all(|t| t.head == 0 && !t.lemma.is_empty()));
        tokens[0].form == "The"
    });
    assert_eq!(seen, 3);
    assert_eq!(deferred.iter().map(|s| s.parsed).collect::<Vec<_>>(), [false, true, false]);
    assert_eq!(deferred[1], parsed[1]);
    assert_ne!(deferred[0], parsed[0]);
    for s in &mut deferred {
        analyzer.parse(s);
    }
    assert_eq!(deferred, parsed);
    // Without lemmas, everything else is the same.
    let mut bare = Vec::new();
    pipeline.analyzer().without_lemmas().analyze(text, &mut bare);
    for (a, b) in bare.iter().zip(&parsed) {
        assert!(a.tokens.iter().all(|t| t.lemma.is_empty()));
        let strip = |s: &Sentence| {
            s.tokens.iter().map(|t| (t.start, t.tag, t.head, t.deprel)).collect::<Vec<_>>()
        };
        assert_eq!(strip(a), strip(b));
    }
}

#[test]
fn sentences_left_untagged_are_tagged_and_parsed_later_as_they_would_have_been() {
    use dyad_nlp::{SentenceSelector, Tag, Token};
    /// Tags the sentences whose first word is not `skip`; parses every
    /// tagged one but the second.
    struct Select {
        skip: &'static str,
        tagged: usize,
    }
    impl SentenceSelector for Select {
        fn tag(&mut self, untagged: &[Token]) -> bool {
            assert!(untagged.iter().all(|t| t.tag == Tag::XX && t.lemma.is_empty()));
            untagged[0].form != self.skip
        }
        fn parse(&mut self, tagged: &[Token]) -> bool {
            assert!(tagged.iter().all(|t| !t.lemma.is_empty()));
            self.tagged += 1;
            self.tagged != 2
        }
    }
    let text = "Rebels attacked the town on Monday. The weather was fine. \
                Officials said the army would respond. Talks resumed.";
    let pipeline = Pipeline::builtin();
    let mut parsed = Vec::new();
    pipeline.analyze(text, &mut parsed);
    let mut analyzer = pipeline.analyzer();
    let mut some = Vec::new();
    analyzer.analyze_selected(text, &mut some, &mut Select { skip: "The", tagged: 0 });
    let state = |s: &Sentence| (s.tagged, s.parsed);
    assert_eq!(
        some.iter().map(state).collect::<Vec<_>>(),
        [(true, true), (false, false), (true, false), (true, true)]
    );
    assert_eq!(some[0], parsed[0]);
    assert!(some[1].tokens.iter().all(|t| t.tag == Tag::XX && t.head == 0));
    for s in &mut some {
        analyzer.parse(s);
    }
    assert_eq!(some, parsed);
}

#[test]
fn sentences_parsed_two_at_a_time_get_their_own_parses() {
    // Sentences of different lengths (one of a single word), so that one
    // of each pair parsed together finishes first; an odd count leaves the
    // last to be parsed alone.
    let sentences = [
        "Rebels attacked the town on Monday and the army responded with air strikes.",
        "Yes.",
        "The minister met his Russian counterpart in Geneva.",
        "Officials said talks would resume next week after the holiday, but gave no date.",
        "Protesters gathered outside parliament.",
    ];
    let pipeline = Pipeline::builtin();
    let arcs = |s: &Sentence| {
        s.tokens.iter().map(|t| (t.form.clone(), t.tag, t.head, t.deprel)).collect::<Vec<_>>()
    };
    let alone: Vec<_> = sentences
        .iter()
        .map(|text| {
            let mut out = Vec::new();
            pipeline.analyze(text, &mut out);
            assert_eq!(out.len(), 1, "{text}");
            arcs(&out[0])
        })
        .collect();
    let text = sentences.join(" ");
    let mut all = Vec::new();
    pipeline.analyze(&text, &mut all);
    assert_eq!(all.iter().map(arcs).collect::<Vec<_>>(), alone);
    // Only some parsed: the first and third are parsed together, the
    // fourth alone.
    let mut some = Vec::new();
    let mut k = 0;
    pipeline.analyzer().analyze_with(&text, &mut some, |_| {
        k += 1;
        [1, 3, 4].contains(&k)
    });
    assert_eq!(some.iter().map(|s| s.parsed).collect::<Vec<_>>(), [true, false, true, true, false]);
    for i in [0, 2, 3] {
        assert_eq!(arcs(&some[i]), alone[i], "sentence {i}");
    }
}

/// Tags every sentence; parses those whose first word is not `.0` (all
/// of them when it is empty).
struct Skip(&'static str);

impl dyad_nlp::SentenceSelector for Skip {
    fn tag(&mut self, _: &[dyad_nlp::Token]) -> bool {
        true
    }
    fn parse(&mut self, tagged: &[dyad_nlp::Token]) -> bool {
        tagged[0].form != self.0
    }
}

#[test]
fn sentences_of_several_texts_and_later_pairs_get_their_own_parses() {
    // Paragraphs of one sentence to parse each: the first waits for the
    // second paragraph's, across calls.
    let texts = [
        "Rebels attacked the town on Monday.",
        "The weather was fine. Officials said the army would respond.",
        "Talks resumed. The talks ended.",
    ];
    let pipeline = Pipeline::builtin();
    let mut analyzer = pipeline.analyzer();
    let mut all = Vec::new();
    for text in texts {
        analyzer.analyze_more(text, &mut all, &mut Skip("The"));
    }
    analyzer.finish_parses(&mut all);
    let mut each = Vec::new();
    for text in texts {
        let mut one = Vec::new();
        pipeline.analyzer().analyze_selected(text, &mut one, &mut Skip("The"));
        each.extend(one);
    }
    assert_eq!(all.iter().map(|s| s.parsed).collect::<Vec<_>>(), [true, false, true, true, false]);
    assert_eq!(all, each);
    // The sentences left unparsed, parsed as a pair, get the parses a full
    // analysis gives.
    let mut full = Vec::new();
    for text in texts {
        let mut one = Vec::new();
        pipeline.analyze(text, &mut one);
        full.extend(one);
    }
    let (before, after) = all.split_at_mut(4);
    analyzer.parse_two(&mut before[1], &mut after[0]);
    assert_eq!(all, full);
}

#[test]
fn recycled_sentences_give_the_analyses_of_fresh_ones() {
    // Texts whose tokens are longer, shorter and more or fewer than those
    // of the sentences recycled before them, with lemmas.
    let texts = [
        "Internationally, representatives negotiated extraordinarily complicated arrangements.",
        "He met her. They talked. It rained on Tuesday in the northern provinces of Gondor.",
        "Yes.",
        "The ministers of Arnor and Gondor signed an agreement on trade in Minas Tirith.",
    ];
    let pipeline = Pipeline::builtin();
    let mut analyzer = pipeline.analyzer();
    let mut out = Vec::new();
    for text in texts {
        analyzer.recycle(&mut out);
        assert!(out.is_empty());
        analyzer.analyze(text, &mut out);
        let mut fresh = Vec::new();
        pipeline.analyze(text, &mut fresh);
        assert_eq!(out, fresh, "{text}");
    }
}

#[test]
fn recycling_forgets_a_sentence_waiting_for_its_parse() {
    // Every sentence is tagged and parsed.
    let all = &mut Skip("");
    let pipeline = Pipeline::builtin();
    let mut analyzer = pipeline.analyzer();
    // One sentence to parse: it waits for a partner.
    let mut first = Vec::new();
    analyzer.analyze_more("Rebels attacked the town on Monday.", &mut first, all);
    assert!(!first[0].parsed);
    let mut kept = first.clone();
    analyzer.recycle(&mut first);
    // The sentences of a list that already holds one (at the index the
    // forgotten sentence had) are analysed as by a fresh analyzer: none
    // takes the forgotten sentence's place.
    let mut next = Vec::new();
    pipeline.analyze("Talks resumed in Minas Tirith on Friday.", &mut next);
    let mut fresh = next.clone();
    let text = "Officials said the army would respond.";
    analyzer.analyze_more(text, &mut next, all);
    analyzer.finish_parses(&mut next);
    pipeline.analyze(text, &mut fresh);
    assert_eq!(next, fresh);
    // The forgotten sentence can still be parsed.
    analyzer.parse(&mut kept[0]);
    let mut alone = Vec::new();
    pipeline.analyze("Rebels attacked the town on Monday.", &mut alone);
    assert_eq!(kept, alone);
}
