//! What a confirmation goes out with, over what the rules say: the category, the severity and the action asked of
//! the platform, as selects over a [`Draft`]. Each starts at what the rules (or, for the action, the severity)
//! suggest, so a message the rules missed is confirmed under what the analyst chooses, not as "other, low".

use leptos::prelude::*;
use tapis_engine::{RuleSet, Severity};
use tapis_wire::RequestedAction;

use super::Lang;
use super::triage::Draft;
use crate::workspace::suggested_action;

const SEVERITIES: [Severity; 4] = [Severity::Low, Severity::Medium, Severity::High, Severity::Critical];
const ACTIONS: [RequestedAction; 3] = [RequestedAction::Review, RequestedAction::Restrict, RequestedAction::Remove];

/// The categories a flag may go out under: the rules' and `lainnya`, sorted.
pub fn categories(rules: &RuleSet) -> Vec<String> {
    let mut categories: Vec<String> = (0..rules.len()).map(|i| rules.rule(i).rule.category.clone()).collect();
    categories.push("lainnya".to_owned());
    categories.sort();
    categories.dedup();
    categories
}

/// The three selects over `draft`. `category` and `severity` are what the rules say of the message (`lainnya` and
/// low when they found nothing); `None` for several messages at once, each of which keeps its own unless the
/// analyst chooses. `testid` prefixes the fields' test ids.
#[component]
pub fn AnnotationFields(
    draft: RwSignal<Draft>,
    categories: Vec<String>,
    category: Option<String>,
    severity: Option<Severity>,
    testid: &'static str,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let texts = move || lang.texts();
    let own = category.is_none();
    let chosen_category = {
        let category = category.clone().unwrap_or_default();
        move || draft.with(|d| d.category.clone()).unwrap_or_else(|| category.clone())
    };
    let default_severity = move || match severity {
        Some(severity) => (texts().severity_name)(severity.as_str()).to_owned(),
        None => texts().each_its_own.to_owned(),
    };
    let default_action = move || match draft.with(|d| d.severity).or(severity) {
        Some(severity) => (texts().action_name)(suggested_action(severity).as_str()).to_owned(),
        None => texts().each_its_own.to_owned(),
    };
    view! {
        <label>
            <span>{move || texts().confirm_as}</span>
            <select data-testid=format!("{testid}category")
                prop:value=chosen_category
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| d.category = (!value.is_empty() && Some(&value) != category.as_ref()).then_some(value));
                }>
                {own.then(|| view! { <option value="">{move || (texts().as_suggested)(texts().each_its_own)}</option> })}
                {categories.into_iter().map(|c| { let v = c.clone(); view! { <option value=v>{c}</option> } }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move || texts().severity}</span>
            <select data-testid=format!("{testid}severity")
                prop:value=move || draft.with(|d| d.severity.map_or("", Severity::as_str))
                on:change=move |ev| draft.update(|d| d.severity = Severity::from_name(&event_target_value(&ev)))>
                <option value="">{move || (texts().as_suggested)(&default_severity())}</option>
                {SEVERITIES.into_iter().map(|s| view! {
                    <option value=s.as_str()>{move || (texts().severity_name)(s.as_str())}</option>
                }).collect_view()}
            </select>
        </label>
        <label>
            <span>{move || texts().action_label}</span>
            <select data-testid=format!("{testid}action")
                prop:value=move || draft.with(|d| d.action.map_or("", RequestedAction::as_str))
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| d.action = ACTIONS.into_iter().find(|a| a.as_str() == value));
                }>
                <option value="">{move || (texts().as_suggested)(&default_action())}</option>
                {ACTIONS.into_iter().map(|a| view! {
                    <option value=a.as_str()>{move || (texts().action_name)(a.as_str())}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
