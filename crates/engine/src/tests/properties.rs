//! Properties over generated texts: no panics, spans on character and grapheme boundaries with consistent UTF-16
//! offsets, and the matched slice, normalized, is what the rule matched.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use crate::fold::{View, fold_plain, fold_view};
use crate::{MatchKind, normalize, segments};

use super::reference::text_strategy;

fn rules() -> crate::RuleSet {
    super::set(&[
        ("slot", "terms = ['slot', 'slot gacor', 'gacor']\nunless = ['slot parkir']\npatterns = ['g[a4]c']"),
        ("sabu", "terms = ['sabu', 'ss', 'o']\nmorphology = 'id'"),
        ("judi", "terms = ['judi', 'jihad', 'e', '12', 'a b']\nrequire = 2\nnear = 4"),
        ("brand", "brand_numbers = ['88', '12', '4d']\nnumber_words = true\ndisguise = 0.3"),
        ("word", "disguised_words = 0.4\nterms = ['slot', 'e']\nrequire = 2\nnear = 3\nmessage_disguise = 0.1"),
    ])
}

fn check_scan(text: &str) -> Result<(), TestCaseError> {
    let set = rules();
    let scan = set.scan_message(text);
    let boundaries: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
    prop_assert_eq!(scan.matches.len(), scan.normalized.len());
    prop_assert!(scan.matches.windows(2).all(|w| (w[0].span.start, w[0].span.end) <= (w[1].span.start, w[1].span.end)));
    prop_assert!(scan.message_disguise.score <= 100);
    for (m, normalized) in scan.matches.iter().zip(&scan.normalized) {
        let span = m.span;
        prop_assert!(m.disguise.score <= 100 && m.disguise.styled <= m.disguise.letters);
        prop_assert!(span.start < span.end && span.end <= text.len());
        prop_assert!(boundaries.contains(&span.start) && boundaries.contains(&span.end), "{:?} in {:?}", span, text);
        prop_assert_eq!(span.start_utf16, text[..span.start].encode_utf16().count());
        prop_assert_eq!(span.end_utf16, text[..span.end].encode_utf16().count());
        if m.kind == MatchKind::Term {
            // The slice folds to the matched text, plus whatever whole clusters the span was widened to.
            let folded = normalize(&text[span.start..span.end], m.view);
            prop_assert!(
                folded.contains(normalized.as_str()),
                "{:?} folds to {:?}, not {:?}",
                &text[span.start..span.end],
                folded,
                normalized
            );
        }
    }
    let pieces = segments(text, &scan.matches);
    prop_assert_eq!(pieces.iter().map(|s| &text[s.start..s.end]).collect::<String>(), text);
    Ok(())
}

proptest! {
    #[test]
    fn spans_are_exact_on_tricky_texts(text in text_strategy()) {
        check_scan(&text)?;
        crate::fold::tests::assert_plain_folds_agree(&text);
        crate::fold::tests::assert_views_agree(&text);
        for view in View::ALL {
            let whole = crate::disguise::measure(&text, &crate::fold::units(&text, view), |u| u.folds);
            prop_assert_eq!(crate::disguise::measure_view(&text, view), whole, "{:?} {:?}", text, view);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_scan(&text)?;
        for view in View::ALL {
            let _ = normalize(&text, view);
        }
        let _ = (fold_plain(&text), fold_view(&text, View::Spaced));
        crate::fold::tests::assert_plain_folds_agree(&text);
    }

    #[test]
    fn arbitrary_packs_never_panic(terms in prop::collection::vec(any::<String>(), 1..4), text in any::<String>()) {
        let quoted: Vec<String> = terms.iter().map(|t| toml_string(t)).collect();
        let body = format!(
            "id='p'\nversion='1'\n[[rule]]\nid='r'\ncategory='c'\nseverity='low'\nterms = [{}]\nmorphology='id'",
            quoted.join(", ")
        );
        if let Ok(pack) = crate::RulePack::from_toml("p.toml", &body) {
            let _ = pack.lint();
            if let Ok(set) = crate::RuleSet::new(vec![pack]) {
                let _ = set.scan_message(&text);
                for term in &terms {
                    let _ = set.scan_message(term);
                }
            }
        }
    }
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32 & 0xFFFF)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
