//! Table tests of the links the worker hands on, the desk's facts, the new domains and their exports.

use super::*;
use tapis_engine::links::{Blocklist, Blocklists};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn lists() -> Blocklists {
    let judi =
        Blocklist::parse("trustpositif-judi", b"# TrustPositif\nsitus88.com\n\nslotgacor.xyz\nlocalhost\n").unwrap();
    Blocklists { lists: vec![judi] }
}

fn message(text: &str, hidden: &[(&str, &str)]) -> tapis_ingest::Message {
    let json = serde_json::json!({
        "key": "tg:1:1",
        "chat": 0,
        "id": 1,
        "sender": {},
        "text": text,
        "entities": hidden.iter().map(|(anchor, href)| {
            let start = text.find(anchor).unwrap();
            serde_json::json!({"kind": "text_link", "start": start, "end": start + anchor.len(), "href": href})
        }).collect::<Vec<_>>(),
    });
    serde_json::from_value(json).unwrap()
}

fn summed(text: &str, hidden: &[(&str, &str)]) -> Vec<String> {
    let message = message(text, hidden);
    found_links(&message, &lists())
        .into_iter()
        .map(|l| {
            let status = l.status.map(|s| format!(" {s:?}")).unwrap_or_default();
            let list = l.list.map(|l| format!(" ({l})")).unwrap_or_default();
            format!("{:?} {} [{}]{status}{list}", l.kind, l.value, &text[l.start as usize..l.end as usize])
        })
        .collect()
}

/// A message's text, its hidden links (anchor, target), and what is found.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str]);

#[test]
fn each_link_is_found_with_its_span_and_its_status() {
    let table: &[Case] = &[
        ("Main di situs88.com sekarang", &[], &["Domain situs88.com [situs88.com] Blocked (trustpositif-judi)"]),
        // A subdomain of a listed domain is blocked by its parent.
        ("m.situs88.com", &[], &["Domain m.situs88.com [m.situs88.com] Blocked (trustpositif-judi)"]),
        (
            "daftar di hxxps://gacor77[.]net/daftar",
            &[],
            &["Url https://gacor77.net/daftar [hxxps://gacor77[.]net/daftar] New"],
        ),
        ("link bit.ly/abc123", &[], &["Url http://bit.ly/abc123 [bit.ly/abc123] Shortener"]),
        ("hubungi wa.me/6281234567890", &[], &["WhatsApp +6281234567890 [wa.me/6281234567890]"]),
        // A site hidden behind innocent words spans the words.
        (
            "Daftar di sini",
            &[("di sini", "https://slotgacor.xyz/")],
            &["Url https://slotgacor.xyz/ [di sini] Blocked (trustpositif-judi)"],
        ),
        // Ordinary look-alikes are not links.
        ("Rp 1.500.000 jam 10.30, v2.3.1, file.txt, Pak. Budi", &[], &[]),
    ];
    for (text, hidden, expected) in table {
        assert_eq!(summed(text, hidden), *expected, "{text}");
    }
}

#[test]
fn a_hidden_link_the_text_also_shows_is_found_once() {
    let text = "Main di situs88.com";
    assert_eq!(summed(text, &[("situs88.com", "https://situs88.com")]).len(), 1);
}

#[test]
fn without_lists_every_domain_is_new_and_handles_have_no_status() {
    let message = message("situs88.com atau @adminslot", &[]);
    let found = found_links(&message, &Blocklists::default());
    assert_eq!(found[0].status, Some(LinkStatus::New));
    assert_eq!(found[0].domain.as_deref(), Some("situs88.com"));
    assert_eq!((found[1].kind, found[1].status, found[1].domain.as_deref()), (LinkKind::Mention, None, None));
    assert_eq!(LinkFacts::of(&found), LinkFacts { new: true, blocked: false });
}

#[test]
fn a_list_name_comes_from_what_was_typed_or_else_the_file() {
    let table = [
        ("", "TrustPositif Judi.txt", Some("trustpositif-judi")),
        ("", "lists/hosts", Some("hosts")),
        ("  Judi (Nov) ", "x.txt", Some("judi-nov")),
        ("daftar_1.2", "x.txt", Some("daftar_1.2")),
        ("", ".txt", None),
        ("***", "x.txt", None),
    ];
    for (typed, file, expected) in table {
        assert_eq!(list_name(typed, file).as_deref(), expected, "{typed:?} {file:?}");
    }
}

fn link(domain: &str, status: LinkStatus) -> EvidenceLink {
    EvidenceLink {
        kind: LinkKind::Domain,
        value: domain.into(),
        start: 0,
        end: 1,
        domain: Some(domain.into()),
        status: Some(status),
        list: (status == LinkStatus::Blocked).then(|| "judi".into()),
    }
}

#[test]
fn new_domains_are_counted_per_message_with_chats_dates_and_evidence() {
    let a = [link("gacor77.net", LinkStatus::New), link("gacor77.net", LinkStatus::New)];
    let b = [link("gacor77.net", LinkStatus::New), link("situs88.com", LinkStatus::Blocked)];
    let c = [link("zeta.id", LinkStatus::New), link("bit.ly", LinkStatus::Shortener)];
    let sightings = [
        Sighting { links: &a, chat: "Info Cuan", date: Some(200), link: Some("https://t.me/infocuan/1".into()) },
        Sighting { links: &b, chat: "Bola", date: Some(100), link: None },
        Sighting { links: &c, chat: "Bola", date: None, link: None },
    ];
    let domains = new_domains(sightings);
    assert_eq!(
        domains,
        [
            NewDomain {
                domain: "gacor77.net".into(),
                messages: 2,
                chats: vec!["Bola".into(), "Info Cuan".into()],
                first_seen: Some(100),
                last_seen: Some(200),
                evidence: vec!["https://t.me/infocuan/1".into()],
            },
            NewDomain {
                domain: "zeta.id".into(),
                messages: 1,
                chats: vec!["Bola".into()],
                first_seen: None,
                last_seen: None,
                evidence: vec![],
            },
        ]
    );
    assert_eq!(domains_text(&domains), "gacor77.net\nzeta.id\n");
    assert_eq!(
        domains_csv(&domains),
        "domain,messages,chats,first_seen,last_seen,evidence\r\n\
         gacor77.net,2,Bola; Info Cuan,1970-01-01T00:01:40Z,1970-01-01T00:03:20Z,https://t.me/infocuan/1\r\n\
         zeta.id,1,Bola,,,\r\n"
    );
}

#[test]
fn csv_cells_are_quoted_and_never_run_as_formulas() {
    let domains = [NewDomain {
        domain: "x.id".into(),
        messages: 1,
        chats: vec!["=HYPERLINK(\"evil\")".into(), "a,b".into()],
        first_seen: None,
        last_seen: None,
        evidence: vec![],
    }];
    let csv = domains_csv(&domains);
    assert!(csv.ends_with("x.id,1,\"'=HYPERLINK(\"\"evil\"\"); a,b\",,,\r\n"), "{csv}");
}
