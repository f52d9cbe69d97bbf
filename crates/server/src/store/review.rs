//! What happens to a flag after it is stored: a reviewer's decision, the status the platform reports, and the
//! escalation of a notice past its deadline; and how that deadline is measured.

use chrono::{DateTime, Utc};
use tapis_wire::{AuditAction, Deadline, Decision, Escalation, EscalationState, FlagStatus, Review, StoredFlag};
use uuid::Uuid;

use super::audit::{INSERT_AUDIT, details};
use super::rows::{FlagRow, column_time, decode_flag, parse_time};
use super::{Store, StoreError, WritePool};
use crate::auth::Flagger;
use crate::domain::ValidStatusChange;

/// What [`Store::change_status`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusOutcome {
    /// The status changed; the flag as it is now.
    Changed(StoredFlag),
    /// The flag already had exactly this status, reference and reason (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The flag's status does not allow the change.
    NotAllowed(FlagStatus),
    /// No flag has the id.
    NotFound,
}

/// What [`Store::review`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// The decision is recorded; the flag as it is now.
    Decided(StoredFlag),
    /// The same reviewer had already made exactly this decision (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The reviewer filed the flag themselves.
    OwnFlag,
    /// The flag is not waiting for review.
    NotAllowed(FlagStatus),
    /// No flag has the id.
    NotFound,
}

/// What [`Store::escalate`] did with one flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EscalationOutcome {
    /// The step is recorded; the flag as it is now.
    Changed(StoredFlag),
    /// The flag had taken exactly this step with this reason already (a retry); nothing changed.
    Unchanged(StoredFlag),
    /// The flag's escalation (`None`: never escalated) does not allow the step, or the flag is not approved.
    NotAllowed(Option<Escalation>),
    /// A first warning for a flag that is not overdue (or already answered).
    NotOverdue(StoredFlag),
    /// No flag has the id.
    NotFound,
}

impl Store {
    /// Moves a flag to the status the platform reports, if its current status allows it, and audits the change.
    pub async fn change_status(
        &self,
        actor: &Flagger,
        id: Uuid,
        change: &ValidStatusChange,
    ) -> Result<StatusOutcome, StoreError> {
        let mut outcomes = self.change_statuses(actor, &[id], change).await?;
        Ok(outcomes.pop().expect("one outcome per id"))
    }

    /// [`Store::change_status`] for several flags (a notice's), in one transaction: one outcome per id, in order.
    pub async fn change_statuses(
        &self,
        actor: &Flagger,
        ids: &[Uuid],
        change: &ValidStatusChange,
    ) -> Result<Vec<StatusOutcome>, StoreError> {
        let change = change.get();
        let now = self.now();
        let outcome_at = matches!(change.status, FlagStatus::Actioned | FlagStatus::Rejected).then(|| column_time(now));
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let mut outcomes = Vec::with_capacity(ids.len());
            for &id in ids {
                let row: Option<FlagRow> =
                    sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                        .bind(id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(row) = row else {
                    outcomes.push(StatusOutcome::NotFound);
                    continue;
                };
                let mut flag = decode_flag(row, now)?;
                let from = flag.status;
                if from == change.status
                    && flag.platform_reference == change.platform_reference
                    && flag.status_reason == change.reason
                {
                    outcomes.push(StatusOutcome::Unchanged(flag));
                    continue;
                }
                if !from.can_become(change.status) {
                    outcomes.push(StatusOutcome::NotAllowed(from));
                    continue;
                }
                let approved_at: Option<String> = sqlx::query_scalar("SELECT approved_at FROM flags WHERE id = $1")
                    .bind(id.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
                let turnaround = match (&outcome_at, approved_at) {
                    (Some(_), Some(approved_at)) => {
                        Some(turnaround_seconds(parse_time(&id.to_string(), "approved_at", &approved_at)?, now))
                    }
                    _ => None,
                };
                sqlx::query(
                    "UPDATE flags SET status = $1, status_changed_at = $2, platform_reference = $3, status_reason = $4,
                         outcome_at = $5, turnaround_seconds = $6
                     WHERE id = $7",
                )
                .bind(change.status.as_str())
                .bind(column_time(now))
                .bind(&change.platform_reference)
                .bind(&change.reason)
                .bind(&outcome_at)
                .bind(turnaround)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                let mut particulars =
                    vec![("from", from.as_str().to_owned()), ("to", change.status.as_str().to_owned())];
                particulars
                    .extend(change.platform_reference.clone().map(|reference| ("platform_reference", reference)));
                particulars.extend(change.reason.clone().map(|reason| ("reason", reason)));
                sqlx::query(INSERT_AUDIT)
                    .bind(column_time(now))
                    .bind(&actor.name)
                    .bind(Some(actor.id))
                    .bind(AuditAction::FlagStatusChanged.as_str())
                    .bind(Some(id.to_string()))
                    .bind(details(particulars))
                    .execute(&mut *tx)
                    .await?;
                flag.status = change.status;
                flag.status_changed_at = now;
                flag.platform_reference = change.platform_reference.clone();
                flag.status_reason = change.reason.clone();
                if let (Some(clock), Some(_)) = (flag.deadline.as_mut(), &outcome_at) {
                    *clock = deadline(clock.started_at, clock.due_at, Some(now), now);
                }
                outcomes.push(StatusOutcome::Changed(flag));
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    /// A reviewer's decision on a flag waiting for review: never on their own flag; audited.
    pub async fn review(
        &self,
        reviewer: &Flagger,
        id: Uuid,
        decision: Decision,
        reason: Option<&str>,
    ) -> Result<ReviewOutcome, StoreError> {
        let now = self.now();
        let to = decision.status();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let row: Option<FlagRow> = sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else { return Ok(ReviewOutcome::NotFound) };
            let flagger_id = row.flagger_id;
            let person: String = sqlx::query_scalar("SELECT person FROM flaggers WHERE id = $1")
                .bind(flagger_id)
                .fetch_one(&mut *tx)
                .await?;
            let mut flag = decode_flag(row, now)?;
            if reviewer.filed(flagger_id, &person) {
                return Ok(ReviewOutcome::OwnFlag);
            }
            if let Some(review) = &flag.review
                && review.decision == decision
                && review.reviewer == reviewer.notifier()
                && review.reason.as_deref() == reason
            {
                return Ok(ReviewOutcome::Unchanged(flag));
            }
            if !flag.status.can_become(to) {
                return Ok(ReviewOutcome::NotAllowed(flag.status));
            }
            let approved_at = (decision == Decision::Approve).then(|| column_time(now));
            // The notice is sent to the platform now: its clock starts, with the category's deadline of today's
            // policy.
            let due_at =
                (decision == Decision::Approve).then(|| now + self.policy.deadline(&flag.classification.category));
            sqlx::query(
                "UPDATE flags SET status = $1, status_changed_at = $2, reviewer_id = $3, reviewer_analyst = $4,
                     reviewer_organisation = $5, review_decision = $6, reviewed_at = $2, review_reason = $7,
                     approved_at = $8, deadline_at = $10
                 WHERE id = $9",
            )
            .bind(to.as_str())
            .bind(column_time(now))
            .bind(reviewer.id)
            .bind(&reviewer.name)
            .bind(&reviewer.organisation)
            .bind(decision.as_str())
            .bind(reason)
            .bind(&approved_at)
            .bind(id.to_string())
            .bind(due_at.map(column_time))
            .execute(&mut *tx)
            .await?;
            let action = match decision {
                Decision::Approve => AuditAction::FlagApproved,
                Decision::Return => AuditAction::FlagReturned,
            };
            let mut particulars = vec![
                ("from", flag.status.as_str().to_owned()),
                ("to", to.as_str().to_owned()),
                ("analyst", flag.notifier.analyst.clone()),
            ];
            particulars.extend(reason.map(|reason| ("reason", reason.to_owned())));
            sqlx::query(INSERT_AUDIT)
                .bind(column_time(now))
                .bind(&reviewer.name)
                .bind(Some(reviewer.id))
                .bind(action.as_str())
                .bind(Some(id.to_string()))
                .bind(details(particulars))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            flag.status = to;
            flag.status_changed_at = now;
            flag.review =
                Some(Review { decision, reviewer: reviewer.notifier(), at: now, reason: reason.map(str::to_owned) });
            flag.deadline = due_at.map(|due_at| deadline(now, due_at, None, now));
            Ok(ReviewOutcome::Decided(flag))
        })
    }

    /// Takes an escalation step on several flags (a notice's), in one transaction, audited: one outcome per id, in
    /// order. A first warning needs a flag past its deadline without the platform's outcome.
    pub async fn escalate(
        &self,
        actor: &Flagger,
        ids: &[Uuid],
        step: Escalation,
        reason: Option<&str>,
    ) -> Result<Vec<EscalationOutcome>, StoreError> {
        let now = self.now();
        with_pools!(self, |_reader, writer| {
            let mut tx = writer.begin_write().await?;
            let mut outcomes = Vec::with_capacity(ids.len());
            for &id in ids {
                let row: Option<FlagRow> =
                    sqlx::query_as(concat!("SELECT ", flag_columns!(), " FROM flags WHERE id = $1"))
                        .bind(id.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(row) = row else {
                    outcomes.push(EscalationOutcome::NotFound);
                    continue;
                };
                let mut flag = decode_flag(row, now)?;
                let from = flag.escalation.as_ref().map(|state| state.step);
                if from == Some(step) && flag.escalation.as_ref().and_then(|state| state.reason.as_deref()) == reason {
                    outcomes.push(EscalationOutcome::Unchanged(flag));
                    continue;
                }
                if !flag.status.is_approved() || !Escalation::can_follow(from, step) {
                    outcomes.push(EscalationOutcome::NotAllowed(from));
                    continue;
                }
                let unmet = flag.deadline.as_ref().is_some_and(|clock| clock.overdue && clock.stopped_at.is_none());
                if step == Escalation::Warning1 && !unmet {
                    outcomes.push(EscalationOutcome::NotOverdue(flag));
                    continue;
                }
                sqlx::query(
                    "UPDATE flags SET escalation = $1, escalation_at = $2, escalation_reason = $3 WHERE id = $4",
                )
                .bind(step.as_str())
                .bind(column_time(now))
                .bind(reason)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                let mut particulars = vec![
                    ("from", from.map_or("none", Escalation::as_str).to_owned()),
                    ("to", step.as_str().to_owned()),
                ];
                particulars.extend(reason.map(|reason| ("reason", reason.to_owned())));
                sqlx::query(INSERT_AUDIT)
                    .bind(column_time(now))
                    .bind(&actor.name)
                    .bind(Some(actor.id))
                    .bind(AuditAction::FlagEscalated.as_str())
                    .bind(Some(id.to_string()))
                    .bind(details(particulars))
                    .execute(&mut *tx)
                    .await?;
                flag.escalation = Some(EscalationState { step, at: now, reason: reason.map(str::to_owned) });
                outcomes.push(EscalationOutcome::Changed(flag));
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }
}

/// A deadline as it stands at `now`: stopped at `stopped_at` once there is an outcome.
pub(super) fn deadline(
    started_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    stopped_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Deadline {
    let measured_at = stopped_at.unwrap_or(now);
    Deadline {
        started_at,
        due_at,
        stopped_at,
        seconds_left: (due_at - measured_at).num_seconds(),
        overdue: measured_at > due_at,
    }
}

/// Whole seconds from approval to outcome, never negative (a clock that stepped back).
pub(super) fn turnaround_seconds(approved_at: DateTime<Utc>, outcome_at: DateTime<Utc>) -> i64 {
    (outcome_at - approved_at).num_seconds().max(0)
}
