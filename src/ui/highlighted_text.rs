//! A message's text with its matches as `<mark>` elements. Text nodes only: pasted content is never parsed as HTML.

use leptos::either::Either;
use leptos::prelude::*;
use tapis_engine::{Folds, Match, segments};

use super::{Lang, Rules};

/// Renders `text` with every match highlighted. Each `<mark>` carries the ids of the rules over it, the category
/// and severity of the most severe one, and the folds its matches needed; its title explains the match (what the
/// rule saw after undoing the disguise).
///
/// `links`: the spans of the links, handles and numbers found in it, each with its status (`blocked`, `new`,
/// `shortener`, or empty): underlined, inside or outside the marks.
#[component]
pub fn HighlightedText(
    text: String,
    matches: Vec<Match>,
    normalized: Vec<String>,
    #[prop(optional)] links: Vec<(usize, usize, &'static str)>,
) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    let lang = expect_context::<Lang>();
    // A piece of text, cut again where a link starts or ends; the parts inside a link underlined.
    let with_links = {
        let text = text.clone();
        move |start: usize, end: usize| {
            let mut cuts: Vec<usize> = links
                .iter()
                .flat_map(|&(s, e, _)| [s, e])
                .filter(|&c| c > start && c < end && text.is_char_boundary(c))
                .collect();
            cuts.push(start);
            cuts.push(end);
            cuts.sort_unstable();
            cuts.dedup();
            cuts.windows(2)
                .map(|w| {
                    let part = text[w[0]..w[1]].to_owned();
                    match links.iter().find(|&&(s, e, _)| s <= w[0] && w[1] <= e) {
                        Some(&(_, _, status)) => {
                            Either::Right(view! { <u class="link-span" data-status=status>{part}</u> })
                        }
                        None => Either::Left(part),
                    }
                })
                .collect_view()
        }
    };
    segments(&text, &matches)
        .into_iter()
        .map(|segment| {
            let piece = with_links(segment.start, segment.end);
            let Some(&top) = segment.matches.iter().max_by_key(|&&i| rules.rule(matches[i].rule).severity) else {
                return Either::Left(piece);
            };
            let top_rule = rules.rule(matches[top].rule).rule;
            let ids: Vec<&str> =
                segment.matches.iter().map(|&i| rules.rule(matches[i].rule).rule.id.as_str()).collect();
            let folds: Folds = segment.matches.iter().fold(Folds::NONE, |all, &i| all.union(matches[i].folds));
            let fold_codes: Vec<&str> = folds.iter().map(|f| f.as_str()).collect();
            let title = {
                let (rules, matches, normalized) = (rules.clone(), matches.clone(), normalized.clone());
                let segment_matches = segment.matches.clone();
                move || {
                    let texts = lang.texts();
                    segment_matches
                        .iter()
                        .map(|&i| {
                            let rule = rules.rule(matches[i].rule);
                            let seen = normalized.get(i).map(String::as_str).unwrap_or_default();
                            let folds: Vec<&str> = matches[i].folds.iter().map(|f| (texts.fold)(f)).collect();
                            let mut line = format!(
                                "{} · {} · {} · \u{201c}{seen}\u{201d}",
                                rule.id,
                                rule.category,
                                rule.severity.as_str()
                            );
                            if !folds.is_empty() {
                                line += &format!(" · {}: {}", texts.folds_needed, folds.join(", "));
                            }
                            line
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            };
            Either::Right(view! {
                <mark
                    class=format!("hit cat-{}", top_rule.category)
                    data-rule=ids.join(" ")
                    data-category=top_rule.category.clone()
                    data-severity=top_rule.severity.as_str()
                    data-folds=fold_codes.join(" ")
                    title=title
                >
                    {piece}
                </mark>
            })
        })
        .collect_view()
}
