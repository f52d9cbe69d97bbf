//! Content-Security-Policy violation reports: browsers post them here (the policy's `report-uri`), so that
//! operators learn when a portal, an extension or a change of ours breaks the policy. Kept in memory, newest
//! last, a bounded number; each is also logged.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::Value;

use crate::AppState;
use crate::auth::Flagger;

/// How many reports are kept; older ones are dropped first.
const KEPT: usize = 200;

/// The reports received since the server started.
#[derive(Clone, Debug, Default)]
pub struct CspReports(Arc<Mutex<VecDeque<Value>>>);

impl CspReports {
    fn push(&self, report: Value) {
        let mut reports = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if reports.len() == KEPT {
            reports.pop_front();
        }
        reports.push_back(report);
    }

    /// Every kept report, oldest first.
    pub fn all(&self) -> Vec<Value> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter().cloned().collect()
    }
}

/// `POST /api/v1/csp-reports`: browsers send `application/csp-report` (report-uri) or `application/reports+json`
/// (a list); anything that is JSON is kept, so no browser's report is lost to a format detail.
pub async fn receive(State(state): State<AppState>, body: Bytes) -> StatusCode {
    let Ok(value) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let reports = match value {
        Value::Array(list) => list,
        single => vec![single],
    };
    for report in reports {
        let body = report.get("csp-report").or_else(|| report.get("body")).unwrap_or(&report);
        // report-uri and Reporting API spell the fields differently.
        let field = |old: &str, new: &str| body.get(old).or_else(|| body.get(new)).cloned().unwrap_or_default();
        tracing::warn!(
            directive = %field("violated-directive", "effectiveDirective"),
            blocked = %field("blocked-uri", "blockedURL"),
            page = %field("document-uri", "documentURL"),
            "Content-Security-Policy violation reported"
        );
        state.csp_reports().push(report);
    }
    StatusCode::NO_CONTENT
}

/// `GET /api/v1/csp-reports`: the kept reports, oldest first, for a registered flagger (browsers post them
/// without a token, as they must; reading them needs one).
pub async fn list(State(state): State<AppState>, _flagger: Flagger) -> Json<Vec<Value>> {
    Json(state.csp_reports().all())
}
