//! Content-Security-Policy violation reports: browsers post them here (the policy's `report-uri`), so that
//! operators learn when a portal, an extension or a change of ours breaks the policy.
//!
//! The route needs no token (browsers send none), so any page an analyst visits could post to it: it takes only
//! the two report media types (a page cannot send them cross-origin without a preflight, which is refused), at
//! most [`BODY_LIMIT`] bytes, and the first [`REPORTS_PER_POST`] reports of a post. Of each report it keeps a few
//! string fields, each cut to [`FIELD_CHARS`] characters, and of all reports the newest that fit in
//! [`KEPT_BYTES`]. The log gets a line per report, at most [`LOG_BURST`] at once and then one per
//! [`LOG_INTERVAL`]; the reports not logged are counted in the next line.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::auth::Flagger;

/// The route's own body limit, well under the API's.
pub const BODY_LIMIT: usize = 16 * 1024;

/// How many reports of one post are read; the rest are ignored.
pub const REPORTS_PER_POST: usize = 20;

/// How many characters of each kept field are kept.
pub const FIELD_CHARS: usize = 256;

/// How many bytes of reports (as `GET /csp-reports` writes them) are kept; older ones are dropped first.
pub const KEPT_BYTES: usize = 16 * 1024;

/// How many report lines the log may get at once.
pub const LOG_BURST: u32 = 10;

/// Then one more line per this interval.
pub const LOG_INTERVAL: Duration = Duration::from_secs(60);

/// The media types browsers send reports as: `report-uri`'s and the Reporting API's.
const MEDIA_TYPES: [&str; 2] = ["application/csp-report", "application/reports+json"];

/// What is kept of one report: the fields an operator needs, each cut short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CspReport {
    /// The directive violated (`style-src`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directive: Option<String>,
    /// What was blocked (`inline`, a URL, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
    /// The page it happened on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The script or style file that caused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl CspReport {
    /// The fields of a `report-uri` report (`{"csp-report": {...}}`) or of a Reporting API one (`{"body": {...}}`),
    /// which spell them differently; `None` when it has none of them.
    fn read(report: &Value) -> Option<Self> {
        let body = report.get("csp-report").or_else(|| report.get("body")).unwrap_or(report);
        let field = |old: &str, new: &str| body.get(old).or_else(|| body.get(new)).and_then(Value::as_str).map(cut);
        let report = Self {
            directive: field("violated-directive", "effectiveDirective"),
            blocked: field("blocked-uri", "blockedURL"),
            page: field("document-uri", "documentURL"),
            source: field("source-file", "sourceFile"),
        };
        (report != Self { directive: None, blocked: None, page: None, source: None }).then_some(report)
    }

    /// Its size as `GET /csp-reports` writes it.
    fn size(&self) -> usize {
        serde_json::to_string(self).map_or(0, |json| json.len())
    }
}

/// At most [`FIELD_CHARS`] characters, control characters (which could forge log lines) replaced.
fn cut(text: &str) -> String {
    text.chars().take(FIELD_CHARS).map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

#[derive(Debug)]
struct Kept {
    reports: VecDeque<(CspReport, usize)>,
    bytes: usize,
    /// Log lines that may be written now, refilled one per [`LOG_INTERVAL`] up to [`LOG_BURST`].
    log_allowance: u32,
    refilled_at: Instant,
    /// Reports received but not logged since the last line.
    not_logged: u64,
}

impl Default for Kept {
    fn default() -> Self {
        Self {
            reports: VecDeque::new(),
            bytes: 0,
            log_allowance: LOG_BURST,
            refilled_at: Instant::now(),
            not_logged: 0,
        }
    }
}

impl Kept {
    fn push(&mut self, report: CspReport) {
        let size = report.size();
        while self.bytes + size > KEPT_BYTES {
            let Some((_, dropped)) = self.reports.pop_front() else { break };
            self.bytes -= dropped;
        }
        self.bytes += size;
        self.reports.push_back((report, size));
    }

    /// Whether a line may be logged now, and how many reports went unlogged before it.
    fn may_log(&mut self, now: Instant) -> Option<u64> {
        let elapsed = now.saturating_duration_since(self.refilled_at);
        let refills = u32::try_from(elapsed.as_secs() / LOG_INTERVAL.as_secs()).unwrap_or(u32::MAX);
        if refills > 0 {
            self.log_allowance = self.log_allowance.saturating_add(refills).min(LOG_BURST);
            self.refilled_at = now;
        }
        if self.log_allowance == 0 {
            self.not_logged += 1;
            return None;
        }
        self.log_allowance -= 1;
        Some(std::mem::take(&mut self.not_logged))
    }
}

/// The reports received since the server started.
#[derive(Clone, Debug, Default)]
pub struct CspReports(Arc<Mutex<Kept>>);

impl CspReports {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every kept report, oldest first.
    pub fn all(&self) -> Vec<CspReport> {
        self.lock().reports.iter().map(|(report, _)| report.clone()).collect()
    }
}

/// Whether the request says it is a report: `application/csp-report` or `application/reports+json`, with any
/// parameters.
fn is_report(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    MEDIA_TYPES.iter().any(|media_type| essence.eq_ignore_ascii_case(media_type))
}

/// `POST /api/v1/csp-reports`: browsers send `application/csp-report` (report-uri, one report) or
/// `application/reports+json` (the Reporting API, a list). `415` for any other type, `413` beyond 16 KiB, `400`
/// for what is not JSON; otherwise `204`, whatever was kept of it.
pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if !is_report(&headers) {
        return StatusCode::UNSUPPORTED_MEDIA_TYPE;
    }
    let Ok(value) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let reports: Vec<CspReport> = match &value {
        Value::Array(list) => list.iter().take(REPORTS_PER_POST).filter_map(CspReport::read).collect(),
        single => CspReport::read(single).into_iter().collect(),
    };
    let now = Instant::now();
    let mut kept = state.csp_reports().lock();
    for report in reports {
        if let Some(not_logged) = kept.may_log(now) {
            let none = String::new();
            tracing::warn!(
                directive = ?report.directive.as_ref().unwrap_or(&none),
                blocked = ?report.blocked.as_ref().unwrap_or(&none),
                page = ?report.page.as_ref().unwrap_or(&none),
                not_logged,
                "Content-Security-Policy violation reported"
            );
        }
        kept.push(report);
    }
    StatusCode::NO_CONTENT
}

/// `GET /api/v1/csp-reports`: the kept reports, oldest first, for a registered flagger (browsers post them
/// without a token, as they must; reading them needs one).
pub async fn list(State(state): State<AppState>, _flagger: Flagger) -> Json<Vec<CspReport>> {
    Json(state.csp_reports().all())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_come_in_a_burst_then_one_per_interval_counting_the_rest() {
        let mut kept = Kept::default();
        let start = kept.refilled_at;
        let logged: Vec<Option<u64>> = (0..15).map(|_| kept.may_log(start)).collect();
        assert_eq!(logged.iter().filter(|line| line.is_some()).count(), LOG_BURST as usize);
        assert_eq!(kept.may_log(start + LOG_INTERVAL), Some(5));
        assert_eq!(kept.may_log(start + LOG_INTERVAL), None);
    }

    #[test]
    fn fields_are_cut_and_control_characters_replaced() {
        let report = json_report(&"x".repeat(1000));
        assert_eq!(report.blocked.unwrap().chars().count(), FIELD_CHARS);
        assert_eq!(cut("a\nb"), "a\u{fffd}b");
        assert_eq!(CspReport::read(&serde_json::json!({"csp-report": {"line-number": 3}})), None);
    }

    fn json_report(blocked: &str) -> CspReport {
        CspReport::read(&serde_json::json!({"csp-report": {"blocked-uri": blocked}})).unwrap()
    }
}
