//! A flag's evidence as the analyst sent it, for the reviewer: the excerpt with the matched spans marked (text
//! nodes only: the excerpt is never parsed as HTML), the rules behind them with their descriptions, and a link
//! to the message when it has one.

use leptos::either::Either;
use leptos::prelude::*;
use tapis_wire::Evidence;

use super::{ActiveRules, Lang};

/// The excerpt cut where spans start and end: each piece with the ids of the rules whose spans cover it. Spans
/// outside the excerpt or off a character boundary are left out.
pub fn evidence_pieces(evidence: &Evidence) -> Vec<(String, Vec<String>)> {
    let text = &evidence.excerpt;
    let valid: Vec<_> = evidence
        .spans
        .iter()
        .map(|s| (s.start as usize, s.end as usize, s))
        .filter(|&(start, end, _)| start < end && end <= text.len())
        .filter(|&(start, end, _)| text.is_char_boundary(start) && text.is_char_boundary(end))
        .collect();
    let mut cuts: Vec<usize> = valid.iter().flat_map(|&(start, end, _)| [start, end]).chain([0, text.len()]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|pair| {
            let (from, to) = (pair[0], pair[1]);
            let mut rules: Vec<String> = Vec::new();
            for (_, _, span) in valid.iter().filter(|&&(start, end, _)| start <= from && to <= end) {
                // A rule with several spans over the piece is named once, wherever its spans sit in the list.
                if !rules.contains(&span.rule_id) {
                    rules.push(span.rule_id.clone());
                }
            }
            (text[from..to].to_owned(), rules)
        })
        .collect()
}

/// Only web links are made clickable (never `javascript:` or `data:`).
pub fn safe_link(link: &str) -> Option<&str> {
    (link.starts_with("https://") || link.starts_with("http://")).then_some(link)
}

/// The excerpt with its marks, the rules that matched, and the message's link.
#[component]
pub fn EvidenceView(evidence: Evidence, link: Option<String>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rules = use_context::<ActiveRules>();
    let mut ids: Vec<String> = evidence.spans.iter().map(|s| s.rule_id.clone()).collect();
    ids.sort();
    ids.dedup();
    // Each rule's description and category, from the rules in force here (a rule the reviewer's packs lack is
    // named only).
    let described: Vec<(String, String, String)> = ids
        .into_iter()
        .map(|id| {
            let (description, category) = rules
                .and_then(|r| {
                    r.0.with_untracked(|set| {
                        (0..set.len())
                            .map(|i| set.rule(i))
                            .find(|r| r.id == id)
                            .map(|r| (r.description.clone(), r.category.clone()))
                    })
                })
                .unwrap_or_default();
            (id, description, category)
        })
        .collect();
    let category_of = |id: &str| described.iter().find(|d| d.0 == id).map(|d| d.2.clone()).unwrap_or_default();
    let pieces = evidence_pieces(&evidence)
        .into_iter()
        .map(|(piece, rules)| {
            if rules.is_empty() {
                Either::Left(piece)
            } else {
                let class = format!("hit cat-{}", category_of(&rules[0]));
                Either::Right(view! { <mark class=class data-rule=rules.join(" ")>{piece}</mark> })
            }
        })
        .collect_view();
    let link = link.filter(|l| safe_link(l).is_some());
    view! {
        <div class="evidence" data-testid="evidence">
            <p class="message-text" dir="auto">{pieces}</p>
            {(!described.is_empty()).then(|| view! {
                <p class="evidence-rules hint">
                    {move || lang.texts().evidence_rules} ": "
                    {described.iter().map(|(id, description, _)| view! {
                        // The explanation below already says what each rule is for: here its name, described on hover.
                        <code class="evidence-rule" data-testid="evidence-rule" data-rule=id.clone() title=description.clone()>
                            {id.clone()}
                        </code>
                    }).collect_view()}
                </p>
            })}
            {evidence.images.iter().map(|image| {
                // The photo is not in the flag, only its hash: the reviewer sees what a platform will match on.
                let listed: Vec<String> =
                    image.matches.iter().map(|m| format!("{} ({} bit)", m.list, m.distance)).collect();
                view! {
                    <p class="evidence-image hint" data-testid="evidence-image" data-pdq=image.pdq.clone()>
                        "PDQ " <code>{image.pdq.clone()}</code>
                        {(!listed.is_empty()).then(|| format!(" · {}", listed.join(", ")))}
                    </p>
                }
            }).collect_view()}
            {link.map(|href| view! {
                <a class="message-link" data-testid="evidence-link" href=href.clone() target="_blank" rel="noopener noreferrer">
                    {move || lang.texts().open_message} " ↗"
                </a>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use tapis_wire::{Evidence, EvidenceSpan, Source, SourceKind};

    use super::{evidence_pieces, safe_link};

    fn evidence(excerpt: &str, spans: &[(&str, u32, u32)]) -> Evidence {
        Evidence {
            excerpt: excerpt.to_owned(),
            excerpt_sha256: String::new(),
            source: Source { kind: SourceKind::FreeText, file_sha256: None },
            campaigns: Vec::new(),
            images: Vec::new(),
            spans: spans
                .iter()
                .map(|&(rule, start, end)| EvidenceSpan {
                    rule_id: rule.to_owned(),
                    pack_id: "p".into(),
                    pack_version: "1".into(),
                    start,
                    end,
                })
                .collect(),
            links: Vec::new(),
        }
    }

    /// Each row: the excerpt, its spans, and the pieces with the rules over each.
    #[test]
    fn the_excerpt_is_cut_where_spans_start_and_end() {
        type Row<'a> = (&'a str, &'a [(&'a str, u32, u32)], &'a [(&'a str, &'a [&'a str])]);
        let rows: &[Row] = &[
            ("slot gacor", &[], &[("slot gacor", &[])]),
            ("main slot gacor", &[("a", 5, 15)], &[("main ", &[]), ("slot gacor", &["a"])]),
            ("slot gacor", &[("a", 0, 10), ("b", 5, 10)], &[("slot ", &["a"]), ("gacor", &["a", "b"])]),
            // Off a character boundary (inside `𝐌`), past the end, or empty: left out, the text whole.
            ("𝐌EGA", &[("a", 1, 3), ("b", 2, 99), ("c", 2, 2)], &[("𝐌EGA", &[])]),
            ("𝐌EGA x", &[("a", 0, 7)], &[("𝐌EGA", &["a"]), (" x", &[])]),
        ];
        for (excerpt, spans, wanted) in rows {
            let pieces = evidence_pieces(&evidence(excerpt, spans));
            let got: Vec<(&str, Vec<&str>)> = pieces
                .iter()
                .map(|(text, rules)| (text.as_str(), rules.iter().map(String::as_str).collect()))
                .collect();
            let wanted: Vec<(&str, Vec<&str>)> = wanted.iter().map(|(t, r)| (*t, r.to_vec())).collect();
            assert_eq!(got, wanted, "{excerpt:?}");
        }
    }

    #[test]
    fn only_web_links_are_clickable() {
        assert_eq!(safe_link("https://t.me/kanal/5"), Some("https://t.me/kanal/5"));
        assert_eq!(safe_link("http://t.me/kanal/5"), Some("http://t.me/kanal/5"));
        for bad in ["javascript:alert(1)", "data:text/html,x", " https://t.me", "t.me/kanal"] {
            assert_eq!(safe_link(bad), None, "{bad}");
        }
    }
}
