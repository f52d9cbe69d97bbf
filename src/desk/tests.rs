//! Table tests of the desk's rules and of the queue's order, filter and counts.

use super::*;
use tapis_engine::Severity;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn at(minute: u32) -> DateTime<Utc> {
    format!("2026-12-01T09:{minute:02}:00Z").parse().unwrap()
}

/// A message's key for a short name (at most 8 ASCII bytes), so that the tables read as names.
fn k(name: &str) -> MessageKey {
    let mut bytes = [0; 8];
    bytes[..name.len()].copy_from_slice(name.as_bytes());
    MessageKey::Pasted { hash: u64::from_be_bytes(bytes), occurrence: 1 }
}

/// The name [`k`] made `key` from.
fn name(key: MessageKey) -> String {
    let MessageKey::Pasted { hash, .. } = key else { panic!("{key} is not a test key") };
    String::from_utf8(hash.to_be_bytes().into_iter().filter(|&b| b != 0).collect()).unwrap()
}

fn keys(names: &[&str]) -> Vec<MessageKey> {
    names.iter().map(|name| k(name)).collect()
}

/// A flag for a pasted message, to copy with new ids (made once: compiling the rules is the slow part).
fn template() -> NewFlag {
    static TEMPLATE: std::sync::OnceLock<NewFlag> = std::sync::OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let rules = tapis_engine::builtin::rule_set().unwrap();
            let message = crate::workspace::scan_paste(&rules, "jual sabu murah").remove(0);
            let target = crate::workspace::pasted_target(crate::workspace::parse_chat("@infonarkoba").unwrap());
            let source = tapis_wire::Source { kind: tapis_wire::SourceKind::FreeText, file_sha256: None };
            crate::workspace::flag_for(&message, &rules, target, source, Uuid::from_u128(0), at(0))
        })
        .clone()
}

/// Makes flags with ids 1, 2, 3 … for every key but those `gone` from the page or `untargeted`.
struct Maker {
    template: NewFlag,
    made: u128,
    gone: Vec<&'static str>,
    untargeted: Vec<&'static str>,
    /// What each flag was made with.
    annotations: Vec<Annotation>,
}

impl Maker {
    fn new() -> Maker {
        Maker { template: template(), made: 0, gone: Vec::new(), untargeted: Vec::new(), annotations: Vec::new() }
    }

    fn make(&mut self) -> impl FnMut(&MessageKey, &Annotation) -> Made + '_ {
        move |key, annotation| {
            self.annotations.push(annotation.clone());
            let key = name(*key);
            let key = key.as_str();
            if self.gone.contains(&key) {
                return Made::Gone;
            }
            if self.untargeted.contains(&key) {
                return Made::NoTarget;
            }
            self.made += 1;
            Made::Flag(Box::new(NewFlag { id: Uuid::from_u128(self.made), ..self.template.clone() }))
        }
    }
}

fn id(n: u128) -> Decision {
    Decision::Confirmed(Uuid::from_u128(n))
}

/// A desk where message `m` is in `state` (reached through the desk's own actions).
fn desk_with(state: State, maker: &mut Maker) -> Desk {
    let mut desk = Desk::default();
    let m = keys(&["m"]);
    match state {
        State::Open => {}
        State::Skipped => _ = desk.skip(&k("m"), at(1)),
        State::Rejected => _ = desk.reject(&m, Reason::NotNegative, None, false, at(1)),
        State::Confirmed => _ = desk.confirm(&m, Annotation::default(), false, at(1), maker.make()),
        State::Returned => {
            desk.confirm(&m, Annotation::default(), false, at(1), maker.make());
            let Decision::Confirmed(flag) = desk.decision(&k("m")) else { unreachable!() };
            desk.returned([(flag, Some("kategori salah".into()))]);
        }
    }
    assert_eq!(desk.decision(&k("m")).state(), state);
    desk
}

#[derive(Clone, Copy, Debug)]
enum Act {
    Confirm,
    ConfirmBulk,
    Reject,
    RejectBulk,
    Skip,
    Reopen,
}

/// Each row: the message's state, the action, and the state after it (the same when the action does not apply: no
/// step is journalled then).
#[test]
fn every_decision_from_every_state() {
    use Act::*;
    use State::*;
    let rows: &[(State, Act, State)] = &[
        (Open, Confirm, Confirmed),
        (Open, ConfirmBulk, Confirmed),
        (Open, Reject, Rejected),
        (Open, RejectBulk, Rejected),
        (Open, Skip, Skipped),
        (Open, Reopen, Open),
        (Skipped, Confirm, Confirmed),
        (Skipped, ConfirmBulk, Confirmed),
        (Skipped, Reject, Rejected),
        (Skipped, RejectBulk, Rejected),
        (Skipped, Skip, Skipped),
        (Skipped, Reopen, Open),
        // A rejected message is confirmed one at a time, never by a bulk action.
        (Rejected, Confirm, Confirmed),
        (Rejected, ConfirmBulk, Rejected),
        (Rejected, Reject, Rejected),
        (Rejected, RejectBulk, Rejected),
        (Rejected, Skip, Rejected),
        (Rejected, Reopen, Open),
        // A confirmed message is taken back by undo only (its flag may be on its way).
        (Confirmed, Confirm, Confirmed),
        (Confirmed, ConfirmBulk, Confirmed),
        (Confirmed, Reject, Confirmed),
        (Confirmed, RejectBulk, Confirmed),
        (Confirmed, Skip, Confirmed),
        (Confirmed, Reopen, Confirmed),
        // Returned by the reviewer: decided again, by filing it anew (one at a time or in bulk) or rejecting it.
        (Returned, Confirm, Confirmed),
        (Returned, ConfirmBulk, Confirmed),
        (Returned, Reject, Rejected),
        (Returned, RejectBulk, Rejected),
        (Returned, Skip, Returned),
        (Returned, Reopen, Returned),
    ];
    for &(before, act, after) in rows {
        let mut maker = Maker::new();
        let mut desk = desk_with(before, &mut maker);
        let steps = desk.journal().changes.len();
        let was = desk.decision(&k("m"));
        let m = keys(&["m"]);
        let outcome = match act {
            Confirm => desk.confirm(&m, Annotation::default(), false, at(2), maker.make()),
            ConfirmBulk => desk.confirm(&m, Annotation::default(), true, at(2), maker.make()),
            Reject => desk.reject(&m, Reason::Reporting, None, false, at(2)),
            RejectBulk => desk.reject(&m, Reason::NotNegative, None, true, at(2)),
            Skip => desk.skip(&k("m"), at(2)),
            Reopen => desk.reopen(&k("m"), at(2)),
        };
        let case = format!("{before:?} + {act:?}");
        assert_eq!(desk.decision(&k("m")).state(), after, "{case}");
        let changed = before != after;
        assert_eq!(desk.journal().changes.len(), steps + usize::from(changed), "{case}");
        assert_eq!(outcome.first.map(name).as_deref(), changed.then_some("m"), "{case}");
        // A flag is queued exactly when the message becomes confirmed, with the id its decision carries.
        let queued: Vec<Decision> = outcome.queue.iter().map(|(f, _)| Decision::Confirmed(f.id)).collect();
        let wanted = if changed && after == Confirmed { vec![desk.decision(&k("m"))] } else { vec![] };
        assert_eq!(queued, wanted, "{case}");
        if changed {
            let change = desk.journal().last_done().unwrap();
            assert_eq!((change.at, change.action), (at(2), after), "{case}");
            assert_eq!(change.items, [Item { key: k("m"), before: was, after: desk.decision(&k("m")) }], "{case}");
        }
    }
}

#[test]
fn a_rejection_keeps_its_reason_and_note_and_a_confirmation_what_the_analyst_said() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.reject(&keys(&["a"]), Reason::OtherMeaning, Some("nama orang".into()), false, at(1));
    let said = Annotation {
        category: Some("penipuan".into()),
        severity: Some(Severity::High),
        action: Some(tapis_wire::RequestedAction::Restrict),
        note: Some("modus arisan".into()),
        refiles: None,
    };
    desk.confirm(&keys(&["b"]), said.clone(), false, at(2), maker.make());
    let rejected = desk.journal().decided(&k("a")).unwrap();
    assert_eq!((rejected.reason, rejected.note.as_deref()), (Some(Reason::OtherMeaning), Some("nama orang")));
    let confirmed = desk.journal().decided(&k("b")).unwrap();
    assert_eq!(confirmed.annotation(), said);
    assert_eq!(desk.journal().decided(&k("c")), None);
    // Undone and redone, the flag is made again with what the analyst said, and the journal keeps it saved.
    desk.undo(|_| false);
    desk.redo(maker.make());
    assert_eq!(maker.annotations, [said.clone(), said.clone()]);
    let saved: Journal = serde_json::from_str(&serde_json::to_string(desk.journal()).unwrap()).unwrap();
    assert_eq!(saved.decided(&k("b")).unwrap().annotation(), said);
}

/// Each row: the keys confirmed, which cannot be flagged (no target) or are gone, and the notice.
#[test]
fn confirming_queues_a_flag_per_message_and_says_what_it_could_not_do() {
    type Row = (&'static [&'static str], bool, &'static [&'static str], &'static [&'static str], Option<Notice>, usize);
    let rows: &[Row] = &[
        (&["a"], false, &[], &[], None, 1),
        (&["a", "b", "c"], true, &[], &[], Some(Notice::Bulk(State::Confirmed, 3)), 3),
        (&["a", "b", "c"], true, &["b"], &[], Some(Notice::NoTarget(1)), 2),
        (&["a", "b"], false, &["a", "b"], &[], Some(Notice::NoTarget(2)), 0),
        (&["a", "b", "c"], true, &[], &["c"], Some(Notice::Bulk(State::Confirmed, 2)), 2),
        (&["a"], true, &[], &["a"], None, 0),
    ];
    for (confirmed, bulk, untargeted, gone, notice, queued) in rows {
        let mut maker = Maker::new();
        maker.untargeted = untargeted.to_vec();
        maker.gone = gone.to_vec();
        let mut desk = Desk::default();
        let outcome = desk.confirm(&keys(confirmed), Annotation::default(), *bulk, at(1), maker.make());
        let case = format!("{confirmed:?} bulk {bulk}, untargeted {untargeted:?}, gone {gone:?}");
        assert_eq!(desk.notice(), notice.as_ref(), "{case}");
        assert_eq!(outcome.queue.len(), *queued, "{case}");
        for (flag, key) in &outcome.queue {
            assert_eq!(desk.decision(key), Decision::Confirmed(flag.id), "{case}");
        }
        assert_eq!(desk.journal().changes.len(), usize::from(*queued > 0), "{case}");
        // Moving on puts the notice away, once, and leaves the journal: undo still takes the action back.
        assert_eq!(desk.dismiss_notice(), notice.is_some(), "{case}");
        assert_eq!(desk.notice(), None, "{case}");
        assert!(!desk.dismiss_notice(), "{case}");
        assert_eq!(desk.journal().changes.len(), usize::from(*queued > 0), "{case}");
    }
}

#[test]
fn a_bulk_action_is_one_step_of_undo_and_redo_and_redo_makes_new_flags() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.reject(&keys(&["c"]), Reason::Duplicate, None, false, at(1));
    desk.skip(&k("b"), at(2));
    // Bulk: the open and skipped ones only; the rejected one stays.
    let outcome = desk.confirm(&keys(&["a", "b", "c"]), Annotation::default(), true, at(3), maker.make());
    assert_eq!(outcome.queue.iter().map(|(_, key)| name(*key)).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(
        [desk.decision(&k("a")), desk.decision(&k("b")), desk.decision(&k("c"))],
        [id(1), id(2), Decision::Rejected]
    );

    let undone = desk.undo(|_| false);
    assert_eq!(undone.withdraw, [Uuid::from_u128(1), Uuid::from_u128(2)]);
    assert_eq!(undone.first.map(name).as_deref(), Some("a"));
    assert_eq!(
        [desk.decision(&k("a")), desk.decision(&k("b")), desk.decision(&k("c"))],
        [Decision::Open, Decision::Skipped, Decision::Rejected]
    );
    assert_eq!(desk.notice(), None);

    let redone = desk.redo(maker.make());
    assert_eq!(
        redone.queue.iter().map(|(f, key)| (f.id.as_u128(), name(*key))).collect::<Vec<_>>(),
        [(3, "a".to_owned()), (4, "b".to_owned())]
    );
    assert_eq!([desk.decision(&k("a")), desk.decision(&k("b"))], [id(3), id(4)]);
    // The journal remembers the new flags: undoing again withdraws them.
    assert_eq!(desk.undo(|_| false).withdraw, [Uuid::from_u128(3), Uuid::from_u128(4)]);
    // Then the skip and the rejection are undone, one step each, and there is nothing more.
    assert_eq!(desk.undo(|_| false).first.map(name).as_deref(), Some("b"));
    assert_eq!(desk.undo(|_| false).first.map(name).as_deref(), Some("c"));
    assert_eq!(desk.undo(|_| false).first, None);
    assert_eq!(desk.decisions().values().filter(|d| **d != Decision::Open).count(), 0);
    // And all of it redone, in order.
    for wanted in ["c", "b", "a"] {
        assert_eq!(desk.redo(maker.make()).first.map(name).as_deref(), Some(wanted));
    }
    assert_eq!(desk.redo(maker.make()).first, None);
    assert_eq!(
        [desk.decision(&k("a")), desk.decision(&k("b")), desk.decision(&k("c"))],
        [id(5), id(6), Decision::Rejected]
    );
}

#[test]
fn a_campaign_s_learning_is_undone_and_redone_with_its_confirmation_and_kept_in_the_journal() {
    use crate::watchlist::{Change as Watch, Learned};
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    let learn = Watch::Learn {
        keys: vec!["brand:situs88".into()],
        category: "perjudian".into(),
        date: "2026-12-06".into(),
        messages: 2,
    };
    let before = "id = \"tapis-daftar-pantau\"";
    let learned = Learned::new(&learn, before);
    // A rejection teaches nothing: kept with it, it would be undone as a learning.
    desk.reject(&keys(&["c"]), Reason::NotNegative, None, true, at(1));
    desk.learned(learned.clone());
    assert_eq!(desk.journal().changes[0].learned, None);
    desk.confirm(&keys(&["a", "b"]), Annotation::default(), true, at(2), maker.make());
    desk.learned(learned.clone());
    // The journal is saved with it, and read back.
    let saved = serde_json::to_string(desk.journal()).unwrap();
    let read: crate::desk::Journal = serde_json::from_str(&saved).unwrap();
    assert_eq!(read.changes[1].learned.as_ref(), Some(&learned));
    assert_eq!(read.changes[0].learned, None);

    let undone = desk.undo(|_| false);
    let restore = Watch::Restore { keys: vec!["brand:situs88".into()], before: before.into() };
    assert_eq!(undone.watch, Some(restore.encode()));
    assert_eq!(desk.redo(maker.make()).watch, Some(learn.encode()));
    // The rejection's undo touches no watchlist.
    desk.undo(|_| false);
    assert_eq!(desk.undo(|_| false).watch, None);
}

#[test]
fn a_flag_already_sent_stays_confirmed_when_undone() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.confirm(&keys(&["a", "b", "c"]), Annotation::default(), true, at(1), maker.make());
    let outcome = desk.undo(|id| id == Uuid::from_u128(2));
    assert_eq!(outcome.withdraw, [Uuid::from_u128(1), Uuid::from_u128(3)]);
    assert_eq!(
        [desk.decision(&k("a")), desk.decision(&k("b")), desk.decision(&k("c"))],
        [Decision::Open, id(2), Decision::Open]
    );
    assert_eq!(desk.notice(), Some(&Notice::AlreadySent(1)));
}

#[test]
fn a_message_gone_from_the_page_stays_undone_when_redone() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.confirm(&keys(&["a", "b"]), Annotation::default(), true, at(1), maker.make());
    desk.undo(|_| false);
    maker.gone = vec!["b"];
    let outcome = desk.redo(maker.make());
    assert_eq!(outcome.queue.len(), 1);
    assert_eq!([desk.decision(&k("a")), desk.decision(&k("b"))], [id(3), Decision::Open]);
    assert_eq!(desk.notice(), None);
}

#[test]
fn a_new_decision_drops_what_was_undone_and_the_journal_keeps_the_newest() {
    let mut desk = Desk::default();
    desk.skip(&k("a"), at(1));
    desk.skip(&k("b"), at(2));
    desk.undo(|_| false);
    assert!(desk.journal().next_undone().is_some());
    desk.skip(&k("c"), at(3));
    assert_eq!(desk.journal().next_undone(), None);
    assert_eq!(desk.journal().changes.iter().map(|c| name(c.items[0].key)).collect::<Vec<_>>(), ["a", "c"]);

    let mut desk = Desk::default();
    let all: Vec<MessageKey> = (0..Journal::KEEP + 5).map(|i| k(&format!("m{i}"))).collect();
    for key in &all {
        desk.skip(key, at(4));
    }
    assert_eq!(desk.journal().changes.len(), Journal::KEEP);
    assert_eq!(desk.journal().changes[0].items[0].key, k("m5"));
    // The oldest decisions stay; only their undo goes.
    assert_eq!(desk.decision(&k("m0")), Decision::Skipped);
    for _ in 0..Journal::KEEP {
        desk.undo(|_| false);
    }
    assert_eq!(desk.undo(|_| false).first, None);
    assert_eq!((desk.decision(&k("m4")), desk.decision(&k("m5"))), (Decision::Skipped, Decision::Open));
}

#[test]
fn open_lists_the_keys_still_to_decide_in_order() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.skip(&k("b"), at(1));
    desk.reject(&keys(&["c"]), Reason::Other, None, false, at(2));
    desk.confirm(&keys(&["d"]), Annotation::default(), false, at(3), maker.make());
    assert_eq!(desk.open(&keys(&["e", "d", "c", "b", "a"])), keys(&["e", "b", "a"]));
    desk.clear();
    assert_eq!(desk, Desk::default());
}

fn facts(
    key: &str,
    severity: Option<Severity>,
    score: u32,
    rules: &[usize],
    category: Option<&str>,
    chat: ChatName,
    order: (u64, usize),
) -> Facts {
    // "slot" links a new domain, "maxwin" a new and a blocked one.
    let links = crate::links::LinkFacts { new: matches!(key, "slot" | "maxwin"), blocked: key == "maxwin" };
    Facts {
        key: k(key),
        severity,
        score,
        rules: rules.to_vec(),
        category: category.map(Into::into),
        chat,
        order,
        links,
    }
}

fn info() -> ChatName {
    ChatName::Imported("Info Cuan".into())
}

fn queue() -> Vec<Facts> {
    vec![
        facts("plain", None, 0, &[], None, info(), (1, 0)),
        facts("slot", Some(Severity::High), 20, &[0, 2], Some("perjudian"), info(), (1, 1)),
        facts("sabu", Some(Severity::Critical), 10, &[1], Some("narkoba"), ChatName::Pasted, (0, 0)),
        facts("gacor", Some(Severity::High), 20, &[0], Some("perjudian"), ChatName::Pasted, (0, 1)),
        facts("maxwin", Some(Severity::Medium), 30, &[2], Some("perjudian"), info(), (2, 0)),
    ]
}

#[test]
fn the_queue_puts_candidates_first_then_severity_then_score_then_input_order() {
    /// A row of the queue, as the app's rows hold their facts.
    struct Row(Facts);
    impl AsRef<Facts> for Row {
        fn as_ref(&self) -> &Facts {
            &self.0
        }
    }
    let mut rows: Vec<Row> = queue().into_iter().map(Row).collect();
    sort(&mut rows);
    assert_eq!(rows.iter().map(|r| name(r.0.key)).collect::<Vec<_>>(), ["sabu", "gacor", "slot", "maxwin", "plain"]);
}

/// Each row: a filter, and the messages it lets through (with "slot" rejected and "gacor" skipped).
#[test]
fn each_filter_narrows_the_queue() {
    let text = |key: &str| match key {
        "slot" => "SLOT Gacor malam ini",
        "plain" => "selamat pagi",
        "sabu" => "main di 𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄17",
        "maxwin" => "ＫＥＬＵＤＡＲＩ gacor",
        _ => "lainnya",
    };
    let mut desk = Desk::default();
    desk.reject(&keys(&["slot"]), Reason::NotNegative, None, false, at(1));
    desk.skip(&k("gacor"), at(2));
    let rows: Vec<(Filter, &[&str])> = vec![
        (Filter::default(), &["slot", "sabu", "gacor", "maxwin"]),
        (Filter { matches: Matches::Without, ..Filter::default() }, &["plain"]),
        (Filter { matches: Matches::All, ..Filter::default() }, &["plain", "slot", "sabu", "gacor", "maxwin"]),
        (Filter { category: Some("perjudian".into()), ..Filter::default() }, &["slot", "gacor", "maxwin"]),
        (Filter { severity: Some(Severity::Critical), ..Filter::default() }, &["sabu"]),
        (Filter { severity: Some(Severity::High), ..Filter::default() }, &["slot", "gacor"]),
        (Filter { rule: Some(2), ..Filter::default() }, &["slot", "maxwin"]),
        (Filter { state: Some(State::Rejected), ..Filter::default() }, &["slot"]),
        (Filter { state: Some(State::Skipped), ..Filter::default() }, &["gacor"]),
        (Filter { state: Some(State::Open), ..Filter::default() }, &["sabu", "maxwin"]),
        (Filter { chat: Some(ChatName::Pasted), ..Filter::default() }, &["sabu", "gacor"]),
        (Filter { search: "  gacor ".into(), ..Filter::default() }, &["slot", "maxwin"]),
        (Filter { search: "PAGI".into(), matches: Matches::All, ..Filter::default() }, &["plain"]),
        // The search sees through styled and fullwidth letters.
        (Filter { search: "keludari".into(), matches: Matches::All, ..Filter::default() }, &["sabu", "maxwin"]),
        (Filter { search: "𝐊𝐞𝐥𝐮𝐝𝐚𝐫𝐢".into(), matches: Matches::All, ..Filter::default() }, &["sabu", "maxwin"]),
        (Filter { category: Some("perjudian".into()), chat: Some(info()), ..Filter::default() }, &["slot", "maxwin"]),
        // By the domains their links hold.
        (Filter { link: Some(LinkFilter::New), ..Filter::default() }, &["slot", "maxwin"]),
        (Filter { link: Some(LinkFilter::Blocked), ..Filter::default() }, &["maxwin"]),
        (Filter { link: Some(LinkFilter::Blocked), state: Some(State::Rejected), ..Filter::default() }, &[]),
        // A campaign's messages, whether the rules found anything in them or not.
        (
            Filter {
                matches: Matches::All,
                only: Some(std::sync::Arc::new(keys(&["plain", "maxwin"]).into_iter().collect())),
                ..Filter::default()
            },
            &["plain", "maxwin"],
        ),
    ];
    let all = queue();
    for (filter, wanted) in rows {
        let needle = filter.needle();
        let passed: Vec<String> = all
            .iter()
            .filter(|f| filter.passes(f, desk.decision(&f.key), &needle, || text(&name(f.key)).to_owned()))
            .map(|f| name(f.key))
            .collect();
        assert_eq!(passed, wanted, "{filter:?}");
        assert_eq!(filter.is_default(), filter == Filter::default());
    }
}

/// Each option of a filter counts what choosing it shows, the other filters as they are.
#[test]
fn each_option_counts_what_choosing_it_shows() {
    let mut desk = Desk::default();
    desk.reject(&keys(&["slot"]), Reason::NotNegative, None, false, at(1));
    desk.skip(&k("gacor"), at(2));
    let all = queue();
    let text = |key: &str| if key == "plain" { "selamat pagi" } else { "slot gacor" }.to_owned();
    let filters = [
        Filter::default(),
        Filter { matches: Matches::Without, ..Filter::default() },
        Filter { matches: Matches::All, category: Some("perjudian".into()), ..Filter::default() },
        Filter { state: Some(State::Open), chat: Some(info()), ..Filter::default() },
        Filter { search: "pagi".into(), matches: Matches::All, ..Filter::default() },
        Filter { rule: Some(2), severity: Some(Severity::High), ..Filter::default() },
        Filter { link: Some(LinkFilter::New), matches: Matches::All, ..Filter::default() },
    ];
    for filter in filters {
        let facets = filter.facets(all.iter().map(|f| (f, desk.decision(&f.key), || text(&name(f.key)))));
        // What the queue shows with one filter changed to an option.
        let shown = |changed: Filter| {
            let needle = changed.needle();
            all.iter().filter(|f| changed.passes(f, desk.decision(&f.key), &needle, || text(&name(f.key)))).count()
        };
        for (i, matches) in [Matches::With, Matches::Without, Matches::All].into_iter().enumerate() {
            assert_eq!(facets.matches[i], shown(Filter { matches, ..filter.clone() }), "{filter:?} {matches:?}");
        }
        for category in ["perjudian", "narkoba"] {
            let n = facets.categories.get(category).copied().unwrap_or(0);
            assert_eq!(n, shown(Filter { category: Some(category.into()), ..filter.clone() }), "{filter:?} {category}");
        }
        for severity in [Severity::Low, Severity::Medium, Severity::High, Severity::Critical] {
            let n = facets.severities.get(&severity).copied().unwrap_or(0);
            assert_eq!(n, shown(Filter { severity: Some(severity), ..filter.clone() }), "{filter:?} {severity:?}");
        }
        for rule in 0..3 {
            let n = facets.rules.get(&rule).copied().unwrap_or(0);
            assert_eq!(n, shown(Filter { rule: Some(rule), ..filter.clone() }), "{filter:?} rule {rule}");
        }
        for state in State::ALL {
            let n = facets.states.get(&state).copied().unwrap_or(0);
            assert_eq!(n, shown(Filter { state: Some(state), ..filter.clone() }), "{filter:?} {state:?}");
        }
        for chat in [ChatName::Pasted, info()] {
            let n = facets.chats.get(&chat).copied().unwrap_or(0);
            assert_eq!(n, shown(Filter { chat: Some(chat.clone()), ..filter.clone() }), "{filter:?} {chat:?}");
        }
        for (i, link) in [LinkFilter::New, LinkFilter::Blocked].into_iter().enumerate() {
            assert_eq!(facets.links[i], shown(Filter { link: Some(link), ..filter.clone() }), "{filter:?} {link:?}");
        }
    }
    // The case the analyst met: without matches chosen, "open" counts the open messages without matches.
    let without = Filter { matches: Matches::Without, ..Filter::default() };
    let facets = without.facets(all.iter().map(|f| (f, desk.decision(&f.key), || text(&name(f.key)))));
    assert_eq!(facets.states.get(&State::Open), Some(&1));
    assert_eq!(facets.states.get(&State::Rejected), None);
}

#[test]
fn counts_are_per_category_most_first_and_per_rule_with_its_decisions() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.reject(&keys(&["slot"]), Reason::NotNegative, None, false, at(1));
    desk.confirm(&keys(&["maxwin", "gacor"]), Annotation::default(), true, at(2), maker.make());
    desk.skip(&k("sabu"), at(3));
    let (categories, rules) = tallies(&queue(), desk.decisions());
    assert_eq!(categories, [("perjudian".to_owned(), 3), ("narkoba".to_owned(), 1)]);
    let tally = |messages, confirmed, rejected| Tally { messages, confirmed, rejected };
    assert_eq!(rules[&0], tally(2, 1, 1));
    assert_eq!(rules[&1], tally(1, 0, 0));
    assert_eq!(rules[&2], tally(2, 1, 1));
    assert_eq!(rules.len(), 3);
    assert_eq!((rules[&0].precision(), rules[&1].precision()), (Some(50), None));
    assert_eq!(tally(3, 2, 1).precision(), Some(66));
}

#[test]
fn codes_round_trip() {
    for state in State::ALL {
        assert_eq!(State::from_code(state.as_str()), Some(state));
    }
    for reason in Reason::ALL {
        assert_eq!(Reason::from_code(reason.as_str()), Some(reason));
    }
    for matches in [Matches::With, Matches::Without, Matches::All] {
        assert_eq!(Matches::from_code(matches.as_str()), matches);
    }
    assert_eq!(State::from_code("nope"), None);
    for chat in [ChatName::Pasted, info(), ChatName::Imported("pasted".into())] {
        assert_eq!(ChatName::from_code(&chat.code()), Some(chat));
    }
    assert_eq!(ChatName::from_code(""), None);
    for severity in [Severity::Low, Severity::Medium, Severity::High, Severity::Critical] {
        assert_eq!(Severity::from_name(severity.as_str()), Some(severity));
    }
}

/// The reviewer returns a flag: its message is to decide again (no longer a correct hit in the tallies), with the
/// reviewer's reason; confirming it anew makes a new flag that says which it refiles, and undoing that brings the
/// return back; it can be rejected instead.
#[test]
fn a_returned_flag_reopens_its_message_to_reject_or_refile() {
    let mut maker = Maker::new();
    let mut desk = Desk::default();
    desk.confirm(&keys(&["a", "b"]), Annotation::default(), true, at(1), maker.make());
    assert_eq!(desk.returned([(Uuid::from_u128(99), None)]), [], "a flag of no message here changes nothing");
    assert_eq!(desk.notice(), Some(&Notice::Bulk(State::Confirmed, 2)));

    let now = desk.returned([(Uuid::from_u128(1), Some("kategori salah".into())), (Uuid::from_u128(99), None)]);
    assert_eq!(now, keys(&["a"]));
    assert_eq!(desk.decision(&k("a")), Decision::Returned(Uuid::from_u128(1)));
    assert_eq!((desk.decision(&k("a")).state(), desk.decision(&k("a")).is_open()), (State::Returned, true));
    assert_eq!(desk.return_reason(Uuid::from_u128(1)), Some("kategori salah"));
    assert_eq!(desk.notice(), Some(&Notice::Returned(1)));
    assert_eq!(desk.returned([(Uuid::from_u128(1), None)]), [], "returned once is enough");
    let facts = |name: &str| Facts {
        key: k(name),
        severity: Some(Severity::High),
        score: 1,
        rules: vec![0],
        category: None,
        chat: ChatName::Pasted,
        order: (0, 0),
        links: Default::default(),
    };
    let (_, by_rule) = tallies(&[facts("a"), facts("b")], desk.decisions());
    assert_eq!((by_rule[&0].messages, by_rule[&0].confirmed), (2, 1), "the returned one is no correct hit");

    let outcome = desk.confirm(&keys(&["a"]), Annotation::default(), false, at(2), maker.make());
    assert_eq!(maker.annotations.last().unwrap().refiles, Some(Uuid::from_u128(1)));
    assert_eq!(outcome.queue.len(), 1);
    assert_eq!(desk.decision(&k("a")), id(3));
    desk.undo(|_| false);
    assert_eq!(desk.decision(&k("a")), Decision::Returned(Uuid::from_u128(1)));
    desk.reject(&keys(&["a"]), Reason::NotNegative, None, false, at(3));
    assert_eq!(desk.decision(&k("a")), Decision::Rejected);
}
