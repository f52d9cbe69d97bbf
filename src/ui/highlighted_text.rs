//! A message's text with its matches as `<mark>` elements. Text nodes only: pasted content is never parsed as HTML.

use leptos::either::Either;
use leptos::prelude::*;
use tapis_engine::{Match, segments};

use super::Rules;

/// Renders `text` with every match highlighted. Each `<mark>` carries the ids of the rules over it and the
/// category and severity of the most severe one.
#[component]
pub fn HighlightedText(text: String, matches: Vec<Match>) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    segments(&text, &matches)
        .into_iter()
        .map(|segment| {
            let piece = text[segment.start..segment.end].to_owned();
            let Some(top) = segment.matches.iter().map(|&i| rules.rule(matches[i].rule)).max_by_key(|r| r.severity)
            else {
                return Either::Left(piece);
            };
            let ids: Vec<&str> =
                segment.matches.iter().map(|&i| rules.rule(matches[i].rule).rule.id.as_str()).collect();
            let title = format!("{} · {} · {}", ids.join(", "), top.category, top.severity.as_str());
            Either::Right(view! {
                <mark
                    class=format!("hit cat-{}", top.category)
                    data-rule=ids.join(" ")
                    data-category=top.category.clone()
                    data-severity=top.severity.as_str()
                    title=title
                >
                    {piece}
                </mark>
            })
        })
        .collect_view()
}
