//! Campaigns on the page, as plain data: each import's campaigns (grouped by its job, in the worker, from the keys
//! it computed there: `import::Summary::campaigns`) summed up for the desk's campaign view, largest first: their
//! keys, messages, how many chats and senders, first and last seen.
//!
//! Pasted messages carry no keys (computing them on the page would put link extraction and the public-suffix table
//! in the page's first load), and each import is grouped on its own (grouping on the page would put the grouping in
//! the first load). Campaigns of several imports are then joined where they have the same name (first key): the
//! same brand in two channels' exports is one campaign, over both chats.

use std::collections::{HashMap, HashSet};

use crate::import::Grouped;
use crate::message_key::MessageKey;

/// One imported message as the summary needs it.
pub struct Member<'a> {
    /// Which message.
    pub key: MessageKey,
    /// Its chat's label.
    pub chat: &'a str,
    /// Who sent it (the export's id, else the name), when known.
    pub sender: Option<&'a str>,
    /// When it was sent (seconds since 1970), when known.
    pub date: Option<i64>,
}

/// A campaign as the desk shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The keys its messages share, written `kind:value` (several when they join exactly the same messages).
    pub keys: Vec<String>,
    /// Its messages, in input order.
    pub messages: Vec<MessageKey>,
    /// How many chats they are in.
    pub chats: usize,
    /// How many senders sent them (those known).
    pub senders: usize,
    /// The first message's date, when any is known.
    pub first: Option<i64>,
    /// The last message's date, when any is known.
    pub last: Option<i64>,
}

impl Summary {
    /// The keys as the analyst reads them: `brand:pulauwin domain:pulauwin.com`.
    pub fn label(&self) -> String {
        self.keys.join(" ")
    }

    /// Its name, the first key: what joins it across imports, so what finds it again when a later import grew it.
    pub fn name(&self) -> &str {
        self.keys.first().map_or("", String::as_str)
    }
}

/// Sums up the imports' campaigns (`imports`: each one's groups, over its messages), largest first; among equals,
/// the earlier import's first. Campaigns of different imports with the same first key (their name: `brand:pulauwin`
/// in two channels' exports) are one, with the keys of both. Only the first key joins them: joining on any shared
/// key would chain campaigns together, which each import's grouping avoids (see the engine's DESIGN.md).
pub fn summarise(imports: &[(Vec<Grouped>, Vec<Member<'_>>)]) -> Vec<Summary> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut joined: Vec<(Vec<String>, Vec<&Member<'_>>)> = Vec::new();
    for (grouped, members) in imports {
        for campaign in grouped {
            let Some(name) = campaign.keys.first() else { continue };
            let of = campaign.messages.iter().filter_map(|&i| members.get(i as usize));
            match index.get(name.as_str()) {
                Some(&at) => {
                    let (keys, messages) = &mut joined[at];
                    campaign.keys.iter().for_each(|k| {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    });
                    messages.extend(of);
                }
                None => {
                    index.insert(name, joined.len());
                    joined.push((campaign.keys.clone(), of.collect()));
                }
            }
        }
    }
    let mut out: Vec<Summary> = joined
        .into_iter()
        .map(|(keys, of)| Summary {
            keys,
            messages: of.iter().map(|m| m.key).collect(),
            chats: distinct(of.iter().map(|m| m.chat)),
            senders: distinct(of.iter().filter_map(|m| m.sender)),
            first: of.iter().filter_map(|m| m.date).min(),
            last: of.iter().filter_map(|m| m.date).max(),
        })
        .collect();
    // Stable: among equals, the order they came in.
    out.sort_by_key(|c| std::cmp::Reverse(c.messages.len()));
    out
}

/// How many different names (a campaign's chats or senders: few, so a list does).
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen.len()
}

/// The messages of a campaign to decide at once: its open ones (`is_open`: the desk's open and skipped) that the
/// analyst left ticked (`marked`), in the campaign's order.
pub fn to_decide(
    campaign: &Summary,
    is_open: impl Fn(&MessageKey) -> bool,
    marked: &HashSet<MessageKey>,
) -> Vec<MessageKey> {
    campaign.messages.iter().filter(|k| marked.contains(k) && is_open(k)).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn key(i: i64) -> MessageKey {
        MessageKey::Imported(tapis_ingest::MessageKey::Id { chat_id: 1, message_id: i })
    }

    #[test]
    fn a_campaign_is_summed_up_with_its_chats_senders_and_dates_and_the_largest_comes_first() {
        let rows = [
            ("A", Some("u1"), Some(300)),
            ("A", Some("u2"), None),
            ("B", None, Some(200)),
            ("A", Some("u1"), Some(500)),
        ];
        let members: Vec<Member<'_>> = rows
            .iter()
            .enumerate()
            .map(|(i, &(chat, sender, date))| Member { key: key(i as i64), chat, sender, date })
            .collect();
        let grouped = [
            Grouped { keys: vec!["phone:+6281234567890".into()], messages: vec![1, 2] },
            Grouped { keys: vec!["brand:situs88".into(), "domain:situs88.com".into()], messages: vec![0, 2, 3] },
        ];
        let found = summarise(&[(grouped.to_vec(), members)]);
        let campaign = &found[0];
        assert_eq!(campaign.label(), "brand:situs88 domain:situs88.com");
        assert_eq!(campaign.messages, [key(0), key(2), key(3)]);
        assert_eq!((campaign.chats, campaign.senders), (2, 1));
        assert_eq!((campaign.first, campaign.last), (Some(200), Some(500)));
        assert_eq!(found[1].label(), "phone:+6281234567890");
        assert_eq!((found[1].chats, found[1].senders, found[1].first), (2, 1, Some(200)));

        // What is decided at once: the open messages the analyst left ticked.
        let marked: HashSet<MessageKey> = [key(0), key(3), key(1)].into();
        assert_eq!(to_decide(campaign, |_| true, &marked), [key(0), key(3)]);
        assert_eq!(to_decide(campaign, |k| *k != key(3), &marked), [key(0)]);
        assert_eq!(to_decide(campaign, |k| *k == key(2), &marked), []);
    }

    #[test]
    fn imports_sharing_a_campaign_s_name_make_one_campaign_and_other_shared_keys_chain_nothing() {
        let member = |i: i64, chat| Member { key: key(i), chat, sender: None, date: Some(i) };
        let first = vec![member(1, "A"), member(2, "A"), member(3, "A")];
        let second = vec![member(11, "B"), member(12, "B"), member(13, "B")];
        let group = |keys: &[&str], messages: &[u32]| Grouped {
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            messages: messages.to_vec(),
        };
        let imports = [
            (vec![group(&["brand:situs88"], &[0, 1]), group(&["telegram:@infocuan"], &[2])], first),
            (
                vec![
                    group(&["brand:situs88", "domain:situs88.com"], &[0]),
                    // Shares a key with the first import's Telegram campaign, but not its name: stays apart.
                    group(&["phone:+6281234567890", "telegram:@infocuan"], &[1, 2]),
                ],
                second,
            ),
        ];
        let found = summarise(&imports);
        let labels: Vec<String> = found.iter().map(Summary::label).collect();
        assert_eq!(
            labels,
            ["brand:situs88 domain:situs88.com", "phone:+6281234567890 telegram:@infocuan", "telegram:@infocuan"]
        );
        assert_eq!(found[0].messages, [key(1), key(2), key(11)]);
        assert_eq!((found[0].chats, found[0].first, found[0].last), (2, Some(1), Some(11)));
        assert_eq!(found[1].messages, [key(12), key(13)]);
        assert_eq!(found[2].messages, [key(3)]);
    }
}
