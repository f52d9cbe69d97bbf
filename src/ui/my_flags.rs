//! The analyst's own flags on the server, newest first, a page at a time, with a status filter (returned first
//! among the statuses): where each is (waiting for review, returned and why, approved and how long the platform has
//! left, and what it answered), with the message's excerpt and its link. Reloaded when a flag is delivered, and on
//! demand. The flags the reviewer returned also go back to the desk, whose messages are then to decide again.

use chrono::Utc;
use leptos::prelude::*;
use tapis_wire::{FlagStatus, StoredFlag};

use super::{AppConfig, DeskState, History, Lang, Token, describe_target};
use crate::desk::Decision;
use crate::outbox::sender::OutboxStore;

/// Flags per page.
const PAGE: u32 = 50;
/// The statuses the filter offers, returned first (what the analyst must act on).
const STATUSES: [FlagStatus; 6] = [
    FlagStatus::Returned,
    FlagStatus::PendingReview,
    FlagStatus::Approved,
    FlagStatus::Acknowledged,
    FlagStatus::Actioned,
    FlagStatus::Rejected,
];

/// The token's flags, newest first.
#[component]
pub fn MyFlags() -> impl IntoView {
    let lang = expect_context::<Lang>();
    let token = expect_context::<Token>().0;
    let status = RwSignal::new(None::<FlagStatus>);
    let pages = Pages::load(status);
    let Pages { flags, next, error, first, .. } = pages;
    let now = clock();
    let shown = move || token.with(Option::is_some);
    view! {
        <Show when=shown>
            <details class="my-flags" data-testid="my-flags" open>
                <summary>{move || (lang.texts().my_flags)(flags.with(Vec::len))}</summary>
                <div class="my-flags-tools">
                    <StatusFilter status />
                    <button type="button" data-testid="refresh-my-flags" on:click=move |_| first.refetch()>
                        {move || lang.texts().refresh}
                    </button>
                </div>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <ul>
                    <For
                        each=move || overdue_first(flags.get(), now.get())
                        key=|flag| (flag.id, flag.status, flag.status_changed_at)
                        children=move |flag| view! { <MyFlag flag now /> }
                    />
                </ul>
                {move || next.with(Option::is_some).then(|| view! {
                    <button type="button" data-testid="more-my-flags" on:click=move |_| pages.load_more()>
                        {move || lang.texts().more_flags}
                    </button>
                })}
            </details>
        </Show>
    }
}

/// The flags shown, the cursor to the next page, the last error, and the calls that fill them.
#[derive(Clone, Copy)]
struct Pages {
    flags: RwSignal<Vec<StoredFlag>>,
    next: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    /// The first page (with the returns for the desk).
    first: LocalResource<Option<(FlagsAnswer, Option<tapis_wire::FlagPage>)>>,
    /// The next page after those shown.
    more: Action<(String, String), FlagsAnswer>,
    token: RwSignal<Option<String>>,
}

type FlagsAnswer = Result<tapis_wire::FlagPage, crate::api::ApiFailure>;

impl Pages {
    fn load(status: RwSignal<Option<FlagStatus>>) -> Self {
        let lang = expect_context::<Lang>();
        let token = expect_context::<Token>().0;
        let api_base = expect_context::<AppConfig>().0.api_base.clone();
        let store = expect_context::<OutboxStore>();
        let desk = expect_context::<DeskState>().0;
        let flags = RwSignal::new(Vec::<StoredFlag>::new());
        let next = RwSignal::new(None::<String>);
        let error = RwSignal::new(None::<String>);

        // The first page, asked for again when the token or the filter changes, whenever another flag is delivered,
        // and on demand; with it, the returns (whatever page or filter is shown) for the desk.
        let delivered = Memo::new(move |_| store.outbox.with(|o| o.counts().delivered));
        let first = LocalResource::new({
            let api_base = api_base.clone();
            move || {
                let (token, wanted, api_base) = (token.get(), status.get(), api_base.clone());
                delivered.track();
                async move {
                    let token = token?;
                    let page =
                        crate::api::my_flags(&api_base, &token, wanted.map(FlagStatus::as_str), None, PAGE).await;
                    let returned = crate::api::my_flags(&api_base, &token, Some("returned"), None, 500).await.ok();
                    Some((page, returned))
                }
            }
        });
        // The next page after those shown.
        let more = Action::new_local(move |(token, cursor): &(String, String)| {
            let (api_base, token, cursor, wanted) =
                (api_base.clone(), token.clone(), cursor.clone(), status.get_untracked());
            async move { crate::api::my_flags(&api_base, &token, wanted.map(FlagStatus::as_str), Some(&cursor), PAGE).await }
        });
        let show = move |page: Result<tapis_wire::FlagPage, crate::api::ApiFailure>, more: bool| match page {
            Ok(page) => {
                next.set(page.next_cursor);
                if more {
                    flags.update(|all| all.extend(page.flags));
                } else {
                    flags.set(page.flags);
                }
                error.set(None);
            }
            Err(e) => error.set(Some(lang.texts().post_error(&e))),
        };
        Effect::new(move |_| {
            let Some((page, returned)) = first.get().flatten() else { return };
            untrack(|| {
                show(page, false);
                if let Some(returned) = returned {
                    bring_back(desk, &returned.flags);
                }
            })
        });
        Effect::new(move |_| {
            let Some(page) = more.value().get() else { return };
            untrack(|| show(page, true))
        });
        Pages { flags, next, error, first, more, token }
    }

    fn load_more(self) {
        if let (Some(token), Some(cursor)) = (self.token.get_untracked(), self.next.get_untracked()) {
            self.more.dispatch_local((token, cursor));
        }
    }
}

/// The clock the deadlines count down against, a minute at a time.
fn clock() -> RwSignal<chrono::DateTime<Utc>> {
    let now = RwSignal::new(Utc::now());
    let tick = set_interval_with_handle(move || now.set(Utc::now()), std::time::Duration::from_secs(30)).ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    now
}

/// The status filter: any, or one of them.
#[component]
fn StatusFilter(status: RwSignal<Option<FlagStatus>>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    view! {
        <select data-testid="my-flags-status" aria-label=move || lang.texts().decision_state
            prop:value=move || status.get().map_or("", FlagStatus::as_str)
            on:change=move |ev| {
                let code = event_target_value(&ev);
                status.set(STATUSES.into_iter().find(|s| s.as_str() == code));
            }>
            <option value="">{move || lang.texts().any_status}</option>
            {STATUSES.into_iter().map(|s| view! {
                <option value=s.as_str()>{move || (lang.texts().flag_status)(s.as_str())}</option>
            }).collect_view()}
        </select>
    }
}

/// One of the analyst's flags: status, target, category, the excerpt and link, the reviewer's reason, the
/// deadline, the platform's answer and the history.
#[component]
fn MyFlag(flag: StoredFlag, now: RwSignal<chrono::DateTime<Utc>>) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let status = flag.status.as_str();
    let kind = flag.target.kind();
    let returned =
        flag.review.as_ref().filter(|r| r.decision == tapis_wire::Decision::Return).and_then(|r| r.reason.clone());
    let answer = (flag.platform_reference.is_some() || flag.status_reason.is_some()).then(|| {
        [flag.platform_reference.clone(), flag.status_reason.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    });
    let excerpt =
        flag.evidence.as_ref().map(|e| e.excerpt.clone()).or_else(|| flag.dossier.as_ref().map(|d| d.summary.clone()));
    let link = match &flag.target {
        tapis_wire::Target::Message(target) => target.link.clone(),
        tapis_wire::Target::Channel(target) => target.link.clone(),
        tapis_wire::Target::Account(_) => None,
    };
    let deadline = flag.deadline.clone().map(|deadline| {
        let line = move || {
            let texts = lang.texts();
            match deadline.stopped_at {
                Some(_) => (texts.deadline_met)(!deadline.overdue).to_owned(),
                None => {
                    let left = (deadline.due_at - now.get()).num_seconds();
                    if left >= 0 {
                        (texts.deadline_left)(&(texts.hours_minutes)(left))
                    } else {
                        (texts.deadline_overdue)(&(texts.hours_minutes)(-left))
                    }
                }
            }
        };
        let overdue = move || deadline.stopped_at.is_none() && deadline.due_at < now.get() || deadline.overdue;
        view! { <p class="deadline" class:overdue=overdue data-testid="deadline">{line}</p> }
    });
    view! {
        <li class="my-flag" data-testid="my-flag" data-status=status data-id=flag.id.to_string() data-kind=kind>
            <span class=format!("status st-{status}")>{move || (lang.texts().flag_status)(status)}</span>
            " "
            <span class="kind">{move || (lang.texts().target_kind)(kind)}</span>
            " "
            <span class="target" dir="auto">{describe_target(&flag.target)}</span>
            " · "
            <span class="category">{flag.classification.category.clone()}</span>
            {link.map(|href| view! {
                " · "
                <a href=href target="_blank" rel="noopener noreferrer" data-testid="my-flag-link">{move || lang.texts().open_message}</a>
            })}
            {excerpt.map(|text| view! { <p class="excerpt" dir="auto" data-testid="my-flag-excerpt">{text}</p> })}
            {returned.map(|reason| view! {
                <p class="returned" data-testid="return-reason">{move || lang.texts().returned_because} " " {reason}</p>
            })}
            {deadline}
            {answer.map(|answer| view! {
                <p class="platform-answer" data-testid="platform-answer">{move || lang.texts().platform_answer} " " {answer}</p>
            })}
            <History flag=flag.id />
        </li>
    }
}

/// The flags past their deadline with no answer yet first (most overdue first), then the rest as listed.
fn overdue_first(mut flags: Vec<StoredFlag>, now: chrono::DateTime<Utc>) -> Vec<StoredFlag> {
    let overdue = |flag: &StoredFlag| {
        flag.deadline.as_ref().filter(|d| d.stopped_at.is_none() && d.due_at < now).map(|d| d.due_at)
    };
    // Stable: the rest keep their order; overdue ones by how long ago they were due.
    flags.sort_by_key(|flag| overdue(flag).map_or((1, 0), |due| (0, due.timestamp())));
    flags
}

/// Tells the desk which of the analyst's flags the reviewer returned (only when one of them is confirmed there, so
/// that the desk's readers are not woken for nothing).
fn bring_back(desk: RwSignal<crate::desk::Desk>, returned: &[StoredFlag]) {
    let returned: Vec<(uuid::Uuid, Option<String>)> = (returned.iter())
        .filter(|f| f.status == FlagStatus::Returned)
        .map(|f| (f.id, f.review.as_ref().and_then(|r| r.reason.clone())))
        .collect();
    let confirmed = |d: &crate::desk::Desk| {
        returned.iter().any(|(id, _)| d.decisions().values().any(|v| *v == Decision::Confirmed(*id)))
    };
    if desk.try_with_untracked(confirmed).unwrap_or(false) {
        desk.update(|d| _ = d.returned(returned));
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// Unanswered notices past their deadline come first, the longest overdue first; answered ones (even late)
    /// and those still within their deadline keep the newest-first order.
    #[test]
    fn overdue_notices_come_first() {
        let now: chrono::DateTime<Utc> = "2026-12-06T12:00:00Z".parse().unwrap();
        let flag = |n: u128, due: Option<&str>, answered: bool| {
            let mut value = serde_json::json!({
                "id": uuid::Uuid::from_u128(n), "target": {"kind": "account", "platform": "telegram", "account": {"id": "u1"}},
                "classification": {"category": "perjudian", "severity": "high", "explanation": "x"},
                "requested_action": "remove",
                "detection": {"matched_automatically": false, "confirmed_by_person": true, "confirmed_at": "2026-12-01T00:00:00Z"},
                "notifier": {"analyst": "Siti"}, "status": "approved",
                "status_changed_at": "2026-12-01T00:00:00Z", "received_at": "2026-12-01T00:00:00Z"
            });
            if let Some(due) = due {
                value["deadline"] = serde_json::json!({
                    "started_at": "2026-12-05T00:00:00Z", "due_at": due, "seconds_left": 0, "overdue": false
                });
                if answered {
                    value["deadline"]["stopped_at"] = "2026-12-06T11:00:00Z".into();
                }
            }
            serde_json::from_value::<StoredFlag>(value).unwrap()
        };
        let flags = vec![
            flag(1, None, false),
            flag(2, Some("2026-12-06T11:00:00Z"), false),
            flag(3, Some("2026-12-06T13:00:00Z"), false),
            flag(4, Some("2026-12-06T10:00:00Z"), true),
            flag(5, Some("2026-12-06T09:00:00Z"), false),
        ];
        let order: Vec<u128> = overdue_first(flags, now).iter().map(|f| f.id.as_u128()).collect();
        assert_eq!(order, [5, 2, 1, 3, 4]);
    }
}
