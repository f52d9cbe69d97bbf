//! The platform's answer to a flag, checked: [`ValidStatusChange`].

use tapis_wire::{Decision, FlagStatus, ReviewRequest, StatusChange};

use super::{FieldError, check_line, check_text};

const MAX_REFERENCE_CHARS: usize = 256;
const MAX_REASON_CHARS: usize = 4000;

/// A status change the platform may ask for: a status other than `submitted` (which only the server sets), a
/// one-line reference, and a reason whenever it rejects. Whether the flag's current status allows it is the
/// store's question, asked inside the transaction that changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidStatusChange(StatusChange);

impl ValidStatusChange {
    /// Checks `change`.
    pub fn parse(change: StatusChange) -> Result<Self, FieldError> {
        if !matches!(change.status, FlagStatus::Acknowledged | FlagStatus::Actioned | FlagStatus::Rejected) {
            return Err(FieldError::new(
                "status",
                format!(
                    "status must be acknowledged, actioned or rejected: {} is set by the server or a reviewer",
                    change.status.as_str()
                ),
            ));
        }
        if let Some(reference) = &change.platform_reference {
            check_line("platform_reference", reference, MAX_REFERENCE_CHARS)?;
        }
        match &change.reason {
            Some(reason) => check_text("reason", reason, MAX_REASON_CHARS)?,
            None if change.status == FlagStatus::Rejected => {
                return Err(FieldError::new("reason", "a rejection must give its reason"));
            }
            None => {}
        }
        Ok(Self(change))
    }

    /// The change.
    pub fn get(&self) -> &StatusChange {
        &self.0
    }
}

/// A reviewer's decision: a return always gives its reason (the analyst reads it), an approval may.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidReview(ReviewRequest);

impl ValidReview {
    /// Checks `review`.
    pub fn parse(review: ReviewRequest) -> Result<Self, FieldError> {
        match &review.reason {
            Some(reason) => check_text("reason", reason, MAX_REASON_CHARS)?,
            None if review.decision == Decision::Return => {
                return Err(FieldError::new("reason", "returning a flag must give the analyst the reason"));
            }
            None => {}
        }
        Ok(Self(review))
    }

    /// The decision.
    pub fn get(&self) -> &ReviewRequest {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: FlagStatus, reference: Option<&str>, reason: Option<&str>) -> StatusChange {
        StatusChange { status, platform_reference: reference.map(Into::into), reason: reason.map(Into::into) }
    }

    #[test]
    fn only_platform_statuses_with_their_particulars_pass() {
        assert!(ValidStatusChange::parse(change(FlagStatus::Acknowledged, Some("TG-1"), None)).is_ok());
        assert!(ValidStatusChange::parse(change(FlagStatus::Actioned, None, None)).is_ok());
        assert!(ValidStatusChange::parse(change(FlagStatus::Rejected, None, Some("Not illegal here"))).is_ok());
        let field = |c| ValidStatusChange::parse(c).unwrap_err().field;
        assert_eq!(field(change(FlagStatus::PendingReview, None, None)), "status");
        assert_eq!(field(change(FlagStatus::Approved, None, None)), "status");
        assert_eq!(field(change(FlagStatus::Returned, None, Some("x"))), "status");
        assert_eq!(field(change(FlagStatus::Rejected, None, None)), "reason");
        assert_eq!(field(change(FlagStatus::Rejected, None, Some(" "))), "reason");
        assert_eq!(field(change(FlagStatus::Actioned, Some("a\nb"), None)), "platform_reference");
    }

    #[test]
    fn a_return_gives_its_reason() {
        let review = |decision, reason: Option<&str>| ReviewRequest { decision, reason: reason.map(Into::into) };
        assert!(ValidReview::parse(review(Decision::Approve, None)).is_ok());
        assert!(ValidReview::parse(review(Decision::Return, Some("Bukti kurang"))).is_ok());
        assert_eq!(ValidReview::parse(review(Decision::Return, None)).unwrap_err().field, "reason");
        assert_eq!(ValidReview::parse(review(Decision::Return, Some(" "))).unwrap_err().field, "reason");
    }
}
