//! Campaigns on the page, as plain data: the imported messages grouped by the keys they share
//! (`tapis_engine::campaign::group` over the keys the import's job computed in the worker), each campaign summed up
//! for the desk's campaign view: its keys, its messages, how many chats and senders, first and last seen.
//!
//! Pasted messages carry no keys (computing them on the page would put link extraction and the public-suffix table
//! in the page's first load): campaigns are the imports', and the view says so.

use std::collections::HashSet;

use tapis_engine::campaign::{CampaignKey, MessageKeys, group};

use crate::message_key::MessageKey;

/// One message as grouping and the summary need it.
pub struct Member<'a> {
    /// Which message.
    pub key: MessageKey,
    /// Its campaign keys, from the import's job.
    pub keys: &'a MessageKeys,
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
    /// The keys its messages share (several when they join exactly the same messages).
    pub keys: Vec<CampaignKey>,
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
    /// The keys written as the analyst reads them: `brand:pulauwin domain:pulauwin.com`.
    pub fn label(&self) -> String {
        self.keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
    }
}

/// The campaigns of `members`, largest first (as `campaign::group` orders them).
pub fn campaigns(members: &[Member<'_>]) -> Vec<Summary> {
    let keys: Vec<MessageKeys> = members.iter().map(|m| m.keys.clone()).collect();
    group(&keys)
        .into_iter()
        .map(|campaign| {
            let of = || campaign.messages.iter().filter_map(|&i| members.get(i as usize));
            let chats: HashSet<&str> = of().map(|m| m.chat).collect();
            let senders: HashSet<&str> = of().filter_map(|m| m.sender).collect();
            Summary {
                messages: of().map(|m| m.key).collect(),
                chats: chats.len(),
                senders: senders.len(),
                first: of().filter_map(|m| m.date).min(),
                last: of().filter_map(|m| m.date).max(),
                keys: campaign.keys,
            }
        })
        .collect()
}

/// The messages of a campaign to decide at once: its `open` ones (the desk's open and skipped) that the analyst left
/// ticked (`marked`), in the campaign's order.
pub fn to_decide(campaign: &Summary, open: &[MessageKey], marked: &HashSet<MessageKey>) -> Vec<MessageKey> {
    let open: HashSet<&MessageKey> = open.iter().collect();
    campaign.messages.iter().filter(|k| open.contains(k) && marked.contains(k)).copied().collect()
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
    fn messages_sharing_a_key_are_one_campaign_with_its_chats_senders_and_dates() {
        let texts = [
            ("Daftar sekarang di situs88 . com bonus besar", "A", "u1", 300),
            ("Halo semua, selamat pagi", "A", "u2", 100),
            ("main di situs88[.]com gacor", "B", "u3", 200),
            ("hxxps://situs88.com maxwin malam ini", "A", "u1", 500),
            ("Jangan lupa rapat jam tiga", "B", "u4", 400),
        ];
        let keys: Vec<MessageKeys> = texts.iter().map(|t| tapis_engine::campaign::keys(t.0)).collect();
        let members: Vec<Member<'_>> = texts
            .iter()
            .zip(&keys)
            .enumerate()
            .map(|(i, (t, k))| Member { key: key(i as i64), keys: k, chat: t.1, sender: Some(t.2), date: Some(t.3) })
            .collect();
        let found = campaigns(&members);
        assert_eq!(found.len(), 1, "{found:?}");
        let campaign = &found[0];
        assert_eq!(campaign.label(), "brand:situs88 domain:situs88.com");
        assert_eq!(campaign.messages, [key(0), key(2), key(3)]);
        assert_eq!((campaign.chats, campaign.senders), (2, 2));
        assert_eq!((campaign.first, campaign.last), (Some(200), Some(500)));

        // What is decided at once: the open messages the analyst left ticked.
        let marked: HashSet<MessageKey> = [key(0), key(3), key(1)].into();
        assert_eq!(to_decide(campaign, &[key(0), key(2), key(3)], &marked), [key(0), key(3)]);
        assert_eq!(to_decide(campaign, &[key(2)], &marked), []);
    }

    #[test]
    fn no_messages_no_campaigns() {
        assert!(campaigns(&[]).is_empty());
    }
}
