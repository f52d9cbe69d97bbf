//! Campaigns on the page, as plain data: each import's campaigns (grouped by its job, in the worker, from the keys
//! it computed there: `import::Summary::campaigns`) summed up for the desk's campaign view, largest first: their
//! keys, messages, how many chats and senders, first and last seen.
//!
//! Pasted messages carry no keys (computing them on the page would put link extraction and the public-suffix table
//! in the page's first load), and each import is grouped on its own (grouping on the page would put the grouping in
//! the first load): campaigns are each import's, and the view says so.

use std::collections::HashSet;

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
}

/// Sums up an import's campaigns (`grouped`, over its messages `members`), adding them to `out`.
pub fn summarise(grouped: &[Grouped], members: &[Member<'_>], out: &mut Vec<Summary>) {
    for campaign in grouped {
        let of = || campaign.messages.iter().filter_map(|&i| members.get(i as usize));
        let (chats, senders) = (distinct(of().map(|m| m.chat)), distinct(of().filter_map(|m| m.sender)));
        out.push(Summary {
            keys: campaign.keys.clone(),
            messages: of().map(|m| m.key).collect(),
            chats,
            senders,
            first: of().filter_map(|m| m.date).min(),
            last: of().filter_map(|m| m.date).max(),
        });
    }
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

/// Every import's campaigns (`imports`, each largest first, as grouping orders them) merged largest first; among
/// equals, the earlier import's first.
pub fn largest_first(imports: Vec<Vec<Summary>>) -> Vec<Summary> {
    let mut lists: Vec<std::iter::Peekable<std::vec::IntoIter<Summary>>> =
        imports.into_iter().map(|l| l.into_iter().peekable()).collect();
    let mut out = Vec::new();
    loop {
        let mut best: Option<(usize, usize)> = None;
        for (i, list) in lists.iter_mut().enumerate() {
            if let Some(next) = list.peek()
                && best.is_none_or(|(_, n)| next.messages.len() > n)
            {
                best = Some((i, next.messages.len()));
            }
        }
        match best.and_then(|(i, _)| lists[i].next()) {
            Some(next) => out.push(next),
            None => return out,
        }
    }
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
        let (mut first, mut second) = (Vec::new(), Vec::new());
        summarise(&grouped[..1], &members, &mut first);
        summarise(&grouped[1..], &members, &mut second);
        let found = largest_first(vec![first, second]);
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
}
