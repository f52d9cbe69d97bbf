//! The queue as plain data: what is known of each message to sort and filter it, the queue's order, its filter,
//! and how precise each rule has been.

use std::collections::HashMap;

use tapis_engine::Severity;

use super::decision::{Decision, State};
use crate::message_key::MessageKey;

/// What the queue knows of one message, to sort and filter it without scanning it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The message's key.
    pub key: MessageKey,
    /// The highest severity found, if the rules found anything.
    pub severity: Option<Severity>,
    /// The scan's score.
    pub score: u32,
    /// The rules that matched (their index in the rule set), most severe first.
    pub rules: Vec<usize>,
    /// The category of the most severe rule, if any matched.
    pub category: Option<String>,
    /// The chat, as the filter names it.
    pub chat: ChatName,
    /// Where it comes from, for the order among equals: pasted first, then imports in order, each in input order.
    pub order: (u64, usize),
    /// Whether its links hold a new domain, a blocked one.
    pub links: crate::links::LinkFacts,
}

impl Facts {
    /// Whether the rules found anything.
    pub fn is_candidate(&self) -> bool {
        self.severity.is_some()
    }
}

/// The queue's order: candidates first, most severe, then highest score, then input order.
pub fn sort(facts: &mut [impl AsRef<Facts>]) {
    facts.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        b.severity.cmp(&a.severity).then(b.score.cmp(&a.score)).then(a.order.cmp(&b.order))
    });
}

/// Which messages the queue shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// With matches (default), without, or both.
    pub matches: Matches,
    /// Only this category.
    pub category: Option<String>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only messages this rule matched (by rule index).
    pub rule: Option<usize>,
    /// Only this decision state.
    pub state: Option<State>,
    /// Only this chat.
    pub chat: Option<ChatName>,
    /// Only messages whose text holds this, ignoring case.
    pub search: String,
    /// Only these messages: a campaign's, opened in the campaign view.
    pub only: Option<std::sync::Arc<std::collections::HashSet<MessageKey>>>,
    /// Only messages with a new domain, or with a blocked one.
    pub link: Option<LinkFilter>,
}

/// Which messages, by the domains in their links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkFilter {
    /// With a domain on no list.
    New,
    /// With a domain on a list.
    Blocked,
}

impl LinkFilter {
    /// The stable code: `new` or `blocked`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkFilter::New => "new",
            LinkFilter::Blocked => "blocked",
        }
    }

    /// The filter a code names (none for any other code).
    pub fn from_code(code: &str) -> Option<LinkFilter> {
        match code {
            "new" => Some(LinkFilter::New),
            "blocked" => Some(LinkFilter::Blocked),
            _ => None,
        }
    }
}

/// A message's chat, as the queue's chat filter names it: pasted messages are in the chat the analyst names in the
/// source field (which may change without the rows being made again), an imported one in its chat's label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChatName {
    /// The pasted messages' chat.
    Pasted,
    /// An imported chat, by its label (`workspace::chat_label`); empty when the export does not say.
    Imported(String),
}

impl ChatName {
    /// The stable code, for a `<select>`'s value: `pasted`, or `chat:` and the label.
    pub fn code(&self) -> String {
        match self {
            ChatName::Pasted => "pasted".to_owned(),
            ChatName::Imported(label) => format!("chat:{label}"),
        }
    }

    /// The chat a code names.
    pub fn from_code(code: &str) -> Option<ChatName> {
        match code {
            "pasted" => Some(ChatName::Pasted),
            _ => code.strip_prefix("chat:").map(|label| ChatName::Imported(label.to_owned())),
        }
    }

    /// Whether it names a chat (an imported chat without a label does not).
    pub fn is_known(&self) -> bool {
        !matches!(self, ChatName::Imported(label) if label.is_empty())
    }
}

/// Which messages, by whether the rules found anything in them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Matches {
    /// Messages with matches: the candidates.
    #[default]
    With,
    /// Messages without.
    Without,
    /// All messages.
    All,
}

impl Matches {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Matches::With => "with",
            Matches::Without => "without",
            Matches::All => "all",
        }
    }

    /// The value a code names.
    pub fn from_code(code: &str) -> Matches {
        match code {
            "without" => Matches::Without,
            "all" => Matches::All,
            _ => Matches::With,
        }
    }
}

impl Filter {
    /// Whether the filter narrows anything beyond the default (candidates, every state).
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    /// The search as it is looked for: trimmed and folded as the engine's plain view folds text (case, styled and
    /// fullwidth letters, accents, invisible characters), so that `keludari` finds `𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄17` and `ＫＥＬＵＤＡＲＩ`.
    /// Folded once, for all the messages it is tried on.
    pub fn needle(&self) -> String {
        search_form(self.search.trim())
    }

    /// Whether the message passes, with its decision and (for the search: `needle` is [`Filter::needle`]) its text.
    pub fn passes(&self, facts: &Facts, decision: Decision, needle: &str, text: impl FnOnce() -> String) -> bool {
        self.checks(facts, decision, needle, text).iter().all(|&c| c)
    }

    /// Each filter's verdict on a message, in the order of [`Facets`]' fields: matches, category, severity, rule,
    /// decision, chat, search; then the campaign's messages (`only`) and the links.
    fn checks(&self, facts: &Facts, decision: Decision, needle: &str, text: impl FnOnce() -> String) -> [bool; 9] {
        let matches = match self.matches {
            Matches::With => facts.is_candidate(),
            Matches::Without => !facts.is_candidate(),
            Matches::All => true,
        };
        [
            matches,
            self.category.as_ref().is_none_or(|c| facts.category.as_ref() == Some(c)),
            self.severity.is_none_or(|s| facts.severity == Some(s)),
            self.rule.is_none_or(|r| facts.rules.contains(&r)),
            self.state.is_none_or(|s| decision.state() == s),
            self.chat.as_ref().is_none_or(|c| &facts.chat == c),
            needle.is_empty() || search_form(&text()).contains(needle),
            self.only.as_ref().is_none_or(|only| only.contains(&facts.key)),
            match self.link {
                None => true,
                Some(LinkFilter::New) => facts.links.new,
                Some(LinkFilter::Blocked) => facts.links.blocked,
            },
        ]
    }

    /// How many messages each option of each filter shows when chosen, the other filters as they are: what the
    /// analyst sees after choosing it. `messages` gives each message's facts, decision and text (read only while
    /// a search is typed).
    pub fn facets<'a, T: FnOnce() -> String>(
        &self,
        messages: impl IntoIterator<Item = (&'a Facts, Decision, T)>,
    ) -> Facets {
        let needle = self.needle();
        let mut facets = Facets::default();
        for (facts, decision, text) in messages {
            let checks = self.checks(facts, decision, &needle, text);
            let failing = checks.iter().filter(|&&c| !c).count();
            // A message counts for the options of a filter when every other filter lets it through.
            let counts = |filter: usize| failing == 0 || (failing == 1 && !checks[filter]);
            if counts(0) {
                facets.matches[if facts.is_candidate() { 0 } else { 1 }] += 1;
                facets.matches[2] += 1;
            }
            if counts(1)
                && let Some(category) = &facts.category
            {
                *facets.categories.entry(category.clone()).or_default() += 1;
            }
            if counts(2)
                && let Some(severity) = facts.severity
            {
                *facets.severities.entry(severity).or_default() += 1;
            }
            if counts(3) {
                for &rule in &facts.rules {
                    *facets.rules.entry(rule).or_default() += 1;
                }
            }
            if counts(4) {
                *facets.states.entry(decision.state()).or_default() += 1;
            }
            if counts(5) {
                *facets.chats.entry(facts.chat.clone()).or_default() += 1;
            }
            if counts(8) {
                facets.links[0] += usize::from(facts.links.new);
                facets.links[1] += usize::from(facts.links.blocked);
            }
        }
        facets
    }
}

/// Text as the search compares it: the engine's plain view (case, compatibility forms, accents, invisible
/// characters and whitespace runs folded).
fn search_form(text: &str) -> String {
    tapis_engine::normalize(text, tapis_engine::View::Plain)
}

/// For each filter, how many messages each of its options shows when chosen ([`Filter::facets`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// With matches, without, all.
    pub matches: [usize; 3],
    /// Per category.
    pub categories: HashMap<String, usize>,
    /// Per severity.
    pub severities: HashMap<Severity, usize>,
    /// Per rule (by index).
    pub rules: HashMap<usize, usize>,
    /// Per decision state.
    pub states: HashMap<State, usize>,
    /// Per chat.
    pub chats: HashMap<ChatName, usize>,
    /// With a new domain, with a blocked one.
    pub links: [usize; 2],
}

/// How the analyst judged one rule's candidates: how many messages it matched, and of those decided, how many were
/// confirmed and how many rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Messages the rule matched.
    pub messages: usize,
    /// Of those, confirmed.
    pub confirmed: usize,
    /// Of those, rejected as false positives.
    pub rejected: usize,
}

impl Tally {
    /// Confirmed out of decided, in percent; `None` before any decision.
    pub fn precision(&self) -> Option<u32> {
        let decided = self.confirmed + self.rejected;
        (decided > 0).then(|| (self.confirmed * 100 / decided) as u32)
    }
}

/// Messages per category (most first), and each rule's tally by rule index.
pub type QueueCounts = (Vec<(String, usize)>, HashMap<usize, Tally>);

/// Counts per category and per rule (by index) over `facts`, with each rule's tally of decisions.
pub fn tallies<'a>(
    facts: impl IntoIterator<Item = &'a Facts>,
    decisions: &HashMap<MessageKey, Decision>,
) -> QueueCounts {
    let mut categories: Vec<(String, usize)> = Vec::new();
    let mut rules: HashMap<usize, Tally> = HashMap::new();
    for facts in facts {
        if let Some(category) = &facts.category {
            match categories.iter_mut().find(|(c, _)| c == category) {
                Some((_, n)) => *n += 1,
                None => categories.push((category.clone(), 1)),
            }
        }
        let state = decisions.get(&facts.key).copied().unwrap_or_default().state();
        for &rule in &facts.rules {
            let tally = rules.entry(rule).or_default();
            tally.messages += 1;
            match state {
                State::Confirmed => tally.confirmed += 1,
                State::Rejected => tally.rejected += 1,
                State::Open | State::Skipped | State::Returned => {}
            }
        }
    }
    categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (categories, rules)
}

/// The rules' indexes of a scan's hits and of its links' hits, most severe first, each once.
pub fn rule_indexes<'a>(hits: impl IntoIterator<Item = &'a tapis_engine::RuleHit>) -> Vec<usize> {
    let mut hits: Vec<&tapis_engine::RuleHit> = hits.into_iter().collect();
    hits.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(&b.rule)));
    let mut rules: Vec<usize> = Vec::with_capacity(hits.len());
    for hit in hits {
        if !rules.contains(&hit.rule) {
            rules.push(hit.rule);
        }
    }
    rules
}
