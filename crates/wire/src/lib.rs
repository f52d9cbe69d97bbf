//! Wire types of the Tapis API: the flag an analyst confirms, what the server answers, and its errors.
//!
//! One definition, used by the browser app (which creates flags) and by the server (which stores them), so the
//! two cannot drift apart. Serde only: no HTTP, storage or UI here. `docs/api.md` describes the API around them.
//!
//! The client posts a [`NewFlag`]; the server answers a [`StoredFlag`], which adds what only the server may set:
//! the notifier (from the bearer token), the [`FlagStatus`] and the times.
#![warn(missing_docs)]

mod api;
mod flag;

pub use api::{
    ApiError, AuditAction, AuditEntry, AuditPage, BatchResult, BatchResults, BlocklistInfo, BlocklistList,
    CategoryTurnaround, ChatNotices, Export, FlagPage, Health, Identity, Notice, NoticeEscalation, NoticeFlag,
    NoticeList, NoticeOutcome, NoticeOutcomeResult, NoticeReport, NoticeStats, NoticeStatsRow, ReportCount,
    ReportDeadline, ReportTimes, ReviewItem, ReviewQueue, RulePackError, RulePackFile, RulePackList, TOKEN_HEX_DIGITS,
    TOKEN_PREFIX, Turnaround, is_token,
};
pub use flag::{
    Account, AccountTarget, ChannelTarget, Chat, Classification, Deadline, Decision, Detection, Dossier,
    DossierMessage, Escalation, EscalationState, Evidence, EvidenceImage, EvidenceLink, EvidenceSpan, FlagStatus,
    ImageMatch, LinkKind, LinkStatus, MessageTarget, NewFlag, Notifier, Platform, RequestedAction, Review,
    ReviewRequest, Role, Sender, Severity, Source, SourceKind, StatusChange, StoredFlag, Target,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> NewFlag {
        NewFlag {
            id: "01936f6e-7c3a-7def-8a12-3456789abcde".parse().unwrap(),
            notifier: None,
            target: Target::Message(MessageTarget {
                platform: Platform::Telegram,
                chat: Chat { title: Some("Slot Gacor 88".into()), id: Some(-1001234567890), username: None },
                message_id: Some(1234),
                link: None,
                sender: None,
                date: None,
                date_is_local: false,
            }),
            evidence: Some(Evidence {
                excerpt: "Situs slot gacor".into(),
                excerpt_sha256: "0".repeat(64),
                source: Source { kind: SourceKind::TelegramJson, file_sha256: None },
                spans: vec![EvidenceSpan {
                    rule_id: "judi.slot".into(),
                    pack_id: "tapis-perjudian".into(),
                    pack_version: "1".into(),
                    start: 6,
                    end: 16,
                }],
                links: Vec::new(),
                campaigns: vec!["brand:slotgacor88".into()],
                images: vec![EvidenceImage {
                    pdq: "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22".into(),
                    quality: 100,
                    path: Some("photos/photo_12@01-11-2026_10-00-00.jpg".into()),
                    matches: vec![ImageMatch {
                        list: "judi-banner".into(),
                        label: Some("banner slot".into()),
                        source: None,
                        category: Some("perjudian".into()),
                        distance: 12,
                    }],
                }],
            }),
            dossier: None,
            classification: Classification {
                category: "perjudian".into(),
                severity: Severity::High,
                explanation: "Promosi judi online".into(),
            },
            requested_action: RequestedAction::Remove,
            detection: Detection {
                matched_automatically: true,
                confirmed_by_person: true,
                confirmed_at: "2026-11-29T05:00:00Z".parse().unwrap(),
            },
        }
    }

    #[test]
    fn a_new_flag_round_trips_through_json() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(serde_json::from_str::<NewFlag>(&json).unwrap(), sample());
    }

    #[test]
    fn the_target_is_tagged_by_kind_and_absent_options_are_left_out() {
        let value = serde_json::to_value(sample()).unwrap();
        assert_eq!(
            value["target"],
            json!({ "kind": "message", "platform": "telegram", "chat": { "title": "Slot Gacor 88", "id": -1001234567890_i64 }, "message_id": 1234 })
        );
        assert_eq!(value["evidence"]["source"], json!({ "kind": "telegram_json" }));
        assert!(value.get("notifier").is_none());
        // No links: none written; a campaign key: its key.
        assert!(value["evidence"].get("links").is_none());
        assert_eq!(value["evidence"]["campaigns"], json!(["brand:slotgacor88"]));
        // An image: its hash, quality, path and matches, the match without its absent source.
        assert_eq!(
            value["evidence"]["images"],
            json!([{ "pdq": "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22", "quality": 100,
                "path": "photos/photo_12@01-11-2026_10-00-00.jpg",
                "matches": [{ "list": "judi-banner", "label": "banner slot", "category": "perjudian", "distance": 12 }] }])
        );
    }

    #[test]
    fn flags_without_images_still_read_and_images_refuse_unknown_fields() {
        let mut value = serde_json::to_value(sample()).unwrap();
        value["evidence"].as_object_mut().unwrap().remove("images");
        let flag: NewFlag = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(flag.evidence.unwrap().images, []);
        value["evidence"]["images"] = json!([{ "pdq": "00", "quality": 1, "bytes": "…" }]);
        assert!(serde_json::from_value::<NewFlag>(value).is_err());
    }

    #[test]
    fn a_client_cannot_post_server_owned_fields() {
        for (field, value) in [("status", json!("actioned")), ("received_at", json!("2026-11-29T05:00:00Z"))] {
            let mut body = serde_json::to_value(sample()).unwrap();
            body[field] = value;
            let error = serde_json::from_value::<NewFlag>(body).unwrap_err().to_string();
            assert!(error.contains("unknown field"), "{field}: {error}");
        }
    }

    #[test]
    fn unknown_target_kinds_and_fields_are_refused() {
        let mut body = serde_json::to_value(sample()).unwrap();
        body["target"]["kind"] = "planet".into();
        assert!(serde_json::from_value::<NewFlag>(body).is_err());
        let mut body = serde_json::to_value(sample()).unwrap();
        body["target"]["surprise"] = 1.into();
        assert!(serde_json::from_value::<NewFlag>(body).is_err());
    }

    #[test]
    fn channel_and_account_flags_carry_a_dossier_instead_of_evidence() {
        let mut flag = sample();
        let evidence = flag.evidence.take().unwrap();
        flag.target = Target::Channel(ChannelTarget {
            platform: Platform::Telegram,
            chat: Chat { title: Some("Slot Gacor 88".into()), id: None, username: Some("slotgacor88".into()) },
            link: Some("https://t.me/slotgacor88".into()),
        });
        flag.dossier = Some(Dossier {
            summary: "Kanal promosi judi".into(),
            messages: vec![DossierMessage {
                chat: None,
                message_id: Some(7),
                link: Some("https://t.me/slotgacor88/7".into()),
                date: None,
                evidence,
            }],
            campaigns: vec!["brand:slotgacor88".into(), "domain:slotgacor88.com".into()],
        });
        let value = serde_json::to_value(&flag).unwrap();
        assert_eq!(value["dossier"]["campaigns"], json!(["brand:slotgacor88", "domain:slotgacor88.com"]));
        assert_eq!(value["dossier"]["messages"][0]["evidence"]["campaigns"], json!(["brand:slotgacor88"]));
        assert_eq!(value["target"]["kind"], "channel");
        assert!(value.get("evidence").is_none());
        assert_eq!(value["dossier"]["messages"][0]["evidence"]["excerpt"], "Situs slot gacor");
        assert_eq!(serde_json::from_value::<NewFlag>(value).unwrap(), flag);
        let account = json!({ "kind": "account", "platform": "telegram", "account": { "id": "user42", "username": "admingacor" } });
        let target: Target = serde_json::from_value(account).unwrap();
        assert!(target.chat().is_none() && target.takes_dossier());
    }

    #[test]
    fn a_stored_flag_gives_back_the_posted_flag() {
        let posted = sample();
        let stored = StoredFlag {
            id: posted.id,
            notifier: Notifier { organisation: Some("Komdigi".into()), analyst: "siti".into() },
            target: posted.target.clone(),
            evidence: posted.evidence.clone(),
            dossier: None,
            classification: posted.classification.clone(),
            requested_action: posted.requested_action,
            detection: posted.detection.clone(),
            status: FlagStatus::PendingReview,
            status_changed_at: "2026-11-29T05:00:01Z".parse().unwrap(),
            review: None,
            platform_reference: None,
            status_reason: None,
            received_at: "2026-11-29T05:00:01Z".parse().unwrap(),
            deadline: None,
            escalation: None,
        };
        assert_eq!(stored.to_new_flag(), posted);
        let value = serde_json::to_value(&stored).unwrap();
        assert_eq!(value["status"], "pending_review");
        assert!(value.get("review").is_none() && value.get("dossier").is_none());
        assert_eq!(value["notifier"], json!({ "organisation": "Komdigi", "analyst": "siti" }));
    }

    #[test]
    fn escalation_steps_follow_the_warning_letters() {
        use Escalation::*;
        let allowed = [
            (None, Warning1),
            (Some(Warning1), Warning2),
            (Some(Warning1), Disputed),
            (Some(Warning1), Resolved),
            (Some(Warning2), RestrictionRequested),
            (Some(Warning2), Disputed),
            (Some(Warning2), Resolved),
            (Some(RestrictionRequested), Disputed),
            (Some(RestrictionRequested), Resolved),
            (Some(Disputed), Warning2),
            (Some(Disputed), RestrictionRequested),
            (Some(Disputed), Resolved),
        ];
        let froms = std::iter::once(None).chain(Escalation::ALL.map(Some));
        for from in froms {
            for next in Escalation::ALL {
                assert_eq!(Escalation::can_follow(from, next), allowed.contains(&(from, next)), "{from:?} -> {next:?}");
            }
        }
        for step in Escalation::ALL {
            assert_eq!(Escalation::from_name(step.as_str()), Some(step));
            assert_eq!(serde_json::to_value(step).unwrap(), step.as_str());
        }
    }

    #[test]
    fn a_link_kind_s_name_is_its_wire_name() {
        use LinkKind::*;
        let kinds =
            [Url, Domain, Telegram, TelegramInvite, Mention, WhatsApp, WhatsAppGroup, Phone, BankAccount, EWallet];
        for kind in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn answers_without_deadlines_still_read() {
        // What a server before deadlines answered: the new fields are optional.
        let stored: StoredFlag = serde_json::from_value(json!({
            "id": "01936f6e-7c3a-7def-8a12-000000000001",
            "notifier": { "analyst": "siti" },
            "target": sample().target,
            "classification": sample().classification,
            "requested_action": "remove",
            "detection": sample().detection,
            "status": "approved",
            "status_changed_at": "2026-11-29T05:00:01Z",
            "received_at": "2026-11-29T05:00:01Z"
        }))
        .unwrap();
        assert_eq!((stored.deadline, stored.escalation), (None, None));
    }

    #[test]
    fn status_transitions_follow_the_platform_workflow() {
        use FlagStatus::*;
        let allowed: Vec<(FlagStatus, FlagStatus)> = FlagStatus::ALL
            .into_iter()
            .flat_map(|from| FlagStatus::ALL.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| from.can_become(*to))
            .collect();
        assert_eq!(
            allowed,
            [
                (PendingReview, Returned),
                (PendingReview, Approved),
                (Approved, Acknowledged),
                (Approved, Actioned),
                (Approved, Rejected),
                (Acknowledged, Actioned),
                (Acknowledged, Rejected)
            ]
        );
        let visible: Vec<FlagStatus> = FlagStatus::ALL.into_iter().filter(|s| s.is_approved()).collect();
        assert_eq!(visible, [Approved, Acknowledged, Actioned, Rejected]);
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        for status in FlagStatus::ALL {
            assert_eq!(FlagStatus::from_name(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    #[test]
    fn orderings_rank_severity_and_action_strength() {
        assert!(Severity::Low < Severity::Medium && Severity::High < Severity::Critical);
        assert!(
            RequestedAction::Review < RequestedAction::Restrict && RequestedAction::Restrict < RequestedAction::Remove
        );
        for action in
            [AuditAction::FlagCreated, AuditAction::FlagApproved, AuditAction::FlagReturned, AuditAction::TokenRevoked]
        {
            assert_eq!(AuditAction::from_name(action.as_str()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
    }
}
