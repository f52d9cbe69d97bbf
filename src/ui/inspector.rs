//! The inspector: the selected message in full, each match with its rule, term, category, severity, description,
//! the normalized text it matched, the folds that undid the disguise and the signals that made it stand out; and the decision with its details: the
//! category to confirm under, a note, the reason to reject, skip, undo and redo.

use leptos::prelude::*;
use tapis_engine::{Match, MatchKind, RuleRef, Signal};

use super::{AnnotationFields, Decision, HighlightedText, Lang, Rules, Triage, categories};
use crate::desk::{Change, Reason, State};
use crate::i18n::Texts;
use crate::message_key::MessageKey;
use crate::workspace::ScannedMessage;

/// The selected message, explained, and the decision form.
#[component]
pub fn Inspector() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let rules = expect_context::<Rules>().0;
    let triage = expect_context::<Triage>();
    // What the body shows is read here, tracked: the selection, its row, the language and the desk.
    let body = move || {
        let key = triage.selected.get()?;
        let row = triage.row_tracked(&key)?;
        let message = row.scanned(&rules);
        let texts = lang.texts();
        let decision = triage.decision(&key);
        let decided = triage.desk.with(|d| d.journal().decided(&key).cloned());
        Some(view! { <InspectedMessage key message decision decided texts row /> })
    };
    let can_undo = move || triage.desk.with(|d| d.journal().last_done().is_some());
    let can_redo = move || triage.desk.with(|d| d.journal().next_undone().is_some());
    view! {
        <aside class="inspector" data-testid="inspector" aria-label=move || lang.texts().inspector>
            <header class="inspector-head">
                <h2>{move || lang.texts().inspector}</h2>
                <button type="button" data-testid="undo-last" disabled=move || !can_undo() on:click=move |_| { triage.undo(); }>
                    {move || lang.texts().undo} " (u)"
                </button>
                <button type="button" data-testid="redo" disabled=move || !can_redo() on:click=move |_| { triage.redo(); }>
                    {move || lang.texts().redo} " (U)"
                </button>
            </header>
            {move || triage.desk.with(|d| d.notice().cloned()).map(|notice| view! {
                <p class="notice" role="status" data-testid="notice">{(lang.texts().notice)(&notice)}</p>
            })}
            {move || match body() {
                Some(view) => view.into_any(),
                None => view! { <div class="inspector-body"><p class="hint">{lang.texts().inspector_empty}</p></div> }.into_any(),
            }}
        </aside>
    }
}

/// The selected message: its text highlighted, why it matched, what was decided, and the decision form.
#[component]
fn InspectedMessage(
    key: MessageKey,
    message: ScannedMessage,
    decision: Decision,
    decided: Option<Change>,
    texts: &'static Texts,
    row: super::triage::Row,
) -> impl IntoView {
    let rules = expect_context::<Rules>().0;
    // One entry per rule that matched (most severe first).
    let matches = message
        .scan
        .rules
        .iter()
        .map(|hit| explained_rule(&message, rules.rule(hit.rule), hit.rule, texts))
        .collect_view();
    let category = message.category(&rules).unwrap_or("lainnya").to_owned();
    let severity = message.severity().unwrap_or(tapis_engine::Severity::Low);
    view! {
        <div class="inspector-body" data-key=key.to_string()>
            <p class="inspected-text" dir="auto" data-testid="inspected-text">
                <HighlightedText text=message.text.clone() matches=message.scan.matches.clone() normalized=message.scan.normalized.clone() />
            </p>
            <super::Photo row full=true />
            {message.has_matches().then(|| view! {
                <section class="matches" aria-label=texts.why_matched>
                    <h3>{texts.why_matched}</h3>
                    <ul>{matches}</ul>
                </section>
            })}
            <p class="decided" data-testid="decided" data-state=decision.state().as_str()>
                {(texts.state_name)(decision.state())}
                {decided_line(decision, decided, texts)}
            </p>
            <DecisionForm key decision category severity texts />
        </div>
    }
}

/// One rule that matched, each match of it on a line: as written, as the rule saw it, the term or pattern it
/// matched, and the folds that undid the disguise.
fn explained_rule(
    message: &ScannedMessage,
    rule: RuleRef<'_>,
    index: usize,
    texts: &'static Texts,
) -> impl IntoView + use<> {
    let lines = (message.scan.matches.iter().zip(&message.scan.normalized))
        .filter(|(m, _)| m.rule == index)
        .map(|(m, seen)| {
            let shown = message.text[m.span.start..m.span.end].to_owned();
            let folds: Vec<&str> = m.folds.iter().map(|f| (texts.fold)(f)).collect();
            let signals: Vec<&str> = Signal::of(m, &rule).into_iter().map(texts.signal).collect();
            view! {
                <tr data-testid="inspected-match" data-rule=rule.rule.id.clone()>
                    <td dir="auto"><mark class=format!("hit cat-{}", rule.rule.category)>{shown}</mark></td>
                    <td dir="auto" data-testid="normalized">{seen.clone()}</td>
                    <td dir="auto">{term(m, &rule, texts)}</td>
                    <td data-testid="folds">{if folds.is_empty() { "–".to_owned() } else { folds.join(", ") }}</td>
                    <td data-testid="signals">{if signals.is_empty() { "–".to_owned() } else { signals.join(", ") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <li class="explained" data-testid="inspected-rule" data-rule=rule.rule.id.clone()>
            <p class="explained-head">
                <code>{rule.rule.id.clone()}</code>
                <span class=format!("badge sev-{}", rule.rule.severity.as_str())>{(texts.severity_name)(rule.rule.severity.as_str())}</span>
                <span class="category">{rule.rule.category.clone()}</span>
            </p>
            <p class="explained-description">{rule.rule.description.clone()}</p>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{texts.seen_as_written}</th>
                            <th scope="col">{texts.normalized}</th>
                            <th scope="col">{texts.term}</th>
                            <th scope="col">{texts.folds_needed}</th>
                            <th scope="col">{texts.signals}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        </li>
    }
}

/// The term a match is of. A pattern is named, its regular expression behind a toggle: the words it matched are
/// in the column before, and what it looks for in the rule's description above.
fn term(m: &Match, rule: &RuleRef<'_>, texts: &'static Texts) -> AnyView {
    match m.kind {
        MatchKind::Term => view! { <code>{rule.rule.terms.get(m.term).cloned().unwrap_or_default()}</code> }.into_any(),
        MatchKind::Pattern => {
            let pattern = rule.rule.patterns.get(m.term).cloned().unwrap_or_default();
            view! {
                <details class="pattern" data-testid="pattern">
                    <summary>{texts.pattern}</summary>
                    <code>{pattern}</code>
                </details>
            }
            .into_any()
        }
        MatchKind::Brand => view! { <code>{texts.brand_token}</code> }.into_any(),
        MatchKind::DisguisedWord => view! { <code>{texts.disguised_word}</code> }.into_any(),
    }
}

/// After the state's name: why a flag was returned, and when the message was decided, with what.
fn decided_line(decision: Decision, decided: Option<Change>, texts: &'static Texts) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let returned = match decision {
        Decision::Returned(id) => triage.desk.with_untracked(|d| d.return_reason(id).map(|why| format!(": {why}"))),
        _ => None,
    };
    let line = decided.map(|c| {
        let at = crate::workspace::stamp(&c.at.with_timezone(&chrono::Local), true);
        let mut line = format!(" · {at}");
        if let Some(reason) = c.reason.filter(|_| decision == Decision::Rejected) {
            line += &format!(" · {}", (texts.reason_name)(reason));
        }
        if matches!(decision, Decision::Confirmed(_)) {
            if let Some(category) = c.category {
                line += &format!(" · {category}");
            }
            if let Some(severity) = c.severity {
                line += &format!(" · {}", (texts.severity_name)(severity.as_str()));
            }
            if let Some(action) = c.requested_action {
                line += &format!(" · {}", (texts.action_name)(action.as_str()));
            }
        }
        if let Some(note) = c.note {
            line += &format!(" · {note}");
        }
        line
    });
    (returned, line)
}

/// The decision form: the annotation to confirm with, the reason to reject, a note, and the three buttons.
#[component]
fn DecisionForm(
    key: MessageKey,
    decision: Decision,
    category: String,
    severity: tapis_engine::Severity,
    texts: &'static Texts,
) -> impl IntoView {
    let triage = expect_context::<Triage>();
    let categories = categories(&expect_context::<Rules>().0);
    view! {
        <form class="decide" data-testid="decide" on:submit=|ev| ev.prevent_default()>
            <AnnotationFields draft=triage.draft categories category=Some(category) severity=Some(severity) testid="confirm-" />
            <label>
                <span>{texts.reject_reason}</span>
                <select data-testid="reject-reason"
                    prop:value=move || triage.draft.with(|d| d.reason.as_str())
                    on:change=move |ev| triage.draft.update(|d| d.reason = Reason::from_code(&event_target_value(&ev)).unwrap_or_default())>
                    {Reason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{(texts.reason_name)(r)}</option> }).collect_view()}
                </select>
            </label>
            <label class="note">
                <span>{texts.note}</span>
                <textarea data-testid="note" rows="2"
                    prop:value=move || triage.draft.with(|d| d.note.clone())
                    on:input=move |ev| triage.draft.update(|d| d.note = event_target_value(&ev))></textarea>
            </label>
            <div class="decide-buttons">
                <button type="button" class="confirm" data-testid="inspector-confirm"
                    disabled=matches!(decision, Decision::Confirmed(_))
                    on:click=move |_| triage.confirm(&[key], triage.draft.get_untracked().annotation(), false)>
                    {texts.confirm} " (a)"
                </button>
                <button type="button" class="reject" data-testid="inspector-reject"
                    disabled=matches!(decision, Decision::Confirmed(_) | Decision::Rejected)
                    on:click=move |_| {
                        let d = triage.draft.get_untracked();
                        triage.reject(&[key], d.reason, d.note(), false);
                    }>
                    {texts.reject} " (x)"
                </button>
                <button type="button" data-testid="inspector-skip"
                    disabled=decision.state() != State::Open
                    on:click=move |_| triage.skip(&key)>
                    {texts.skip} " (␣)"
                </button>
            </div>
        </form>
    }
}
