//! The platform's answer to a flag, checked: [`ValidStatusChange`].

use tapis_wire::{FlagStatus, StatusChange};

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
        if change.status == FlagStatus::Submitted {
            return Err(FieldError::new(
                "status",
                "status must be acknowledged, actioned or rejected: submitted is set by the server on receipt",
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
        assert_eq!(field(change(FlagStatus::Submitted, None, None)), "status");
        assert_eq!(field(change(FlagStatus::Rejected, None, None)), "reason");
        assert_eq!(field(change(FlagStatus::Rejected, None, Some(" "))), "reason");
        assert_eq!(field(change(FlagStatus::Actioned, Some("a\nb"), None)), "platform_reference");
    }
}
