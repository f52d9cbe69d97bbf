//! Query strings of the list, audit and export endpoints, parsed into typed queries whose errors name the
//! parameter: [`FlagQuery`], [`AuditQuery`], [`ExportQuery`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tapis_wire::FlagStatus;
use uuid::Uuid;

use super::{ChatKey, FieldError};
use crate::auth::Flagger;

/// The statuses the platform may see: approved and after.
pub const APPROVED: &[FlagStatus] =
    &[FlagStatus::Approved, FlagStatus::Acknowledged, FlagStatus::Actioned, FlagStatus::Rejected];

/// The statuses of flags still waiting for the platform's outcome.
pub const OPEN: &[FlagStatus] = &[FlagStatus::Approved, FlagStatus::Acknowledged];

/// Where a page starts: after the row with this sequence number. Opaque to clients, who only pass back a
/// `next_cursor` they were given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(i64);

impl Cursor {
    /// The cursor after the row `seq`.
    pub fn after(seq: i64) -> Self {
        Self(seq)
    }

    /// The sequence number of the last row already seen.
    pub fn seq(self) -> i64 {
        self.0
    }

    /// The text a client gets and passes back.
    pub fn encode(self) -> String {
        format!("c{:x}", self.0)
    }

    fn decode(text: &str) -> Option<Self> {
        let seq = i64::from_str_radix(text.strip_prefix('c')?, 16).ok()?;
        (seq >= 0).then_some(Self(seq))
    }
}

/// How many rows a page holds: 100 unless asked, at most 500.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit(u32);

impl Limit {
    /// The page size when `limit` is not given.
    pub const DEFAULT: Limit = Limit(100);
    /// The largest page size.
    pub const MAX: u32 = 500;

    /// The limit, as a number.
    pub fn get(self) -> u32 {
        self.0
    }

    /// `Limit::MAX` itself, for internal callers that read everything page by page.
    pub fn max() -> Self {
        Self(Self::MAX)
    }
}

/// Which flags: every condition given must hold. `since` is inclusive and `until` exclusive, both on the time
/// the server received the flag.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlagFilter {
    /// Only flags in this status.
    pub status: Option<FlagStatus>,
    /// Only flags in one of these statuses (what a role may see, or what an endpoint lists).
    pub among: Option<&'static [FlagStatus]>,
    /// Only flags this flagger filed (`mine=true`).
    pub flagger_id: Option<i64>,
    /// Only flags this flagger did not file (see `Flagger::filed`): a reviewer's queue.
    pub not_filed_by: Option<Flagger>,
    /// Only flags of this category.
    pub category: Option<String>,
    /// Only flags on this chat.
    pub chat: Option<ChatKey>,
    /// Only flags received at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only flags received before this time.
    pub until: Option<DateTime<Utc>>,
}

/// Which end of the order of arrival a listing starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Oldest first (the default): what a platform or an export reads through.
    #[default]
    Oldest,
    /// Newest first: what an analyst following their own flags reads.
    Newest,
}

/// `GET /api/v1/flags?status=&category=&chat=&since=&until=&mine=&order=&cursor=&limit=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagQuery {
    /// Which flags.
    pub filter: FlagFilter,
    /// Only the token's flagger's own flags.
    pub mine: bool,
    /// Oldest or newest first.
    pub order: Order,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// How many at most.
    pub limit: Limit,
}

impl FlagQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params = Params::parse(
            query,
            &["status", "category", "chat", "since", "until", "mine", "order", "cursor", "limit"],
        )?;
        let status = params.take("status").map(|value| parse_status(&value)).transpose()?;
        let mine = boolean(&mut params, "mine")?;
        let order = match params.take("order").as_deref() {
            None | Some("oldest") => Order::Oldest,
            Some("newest") => Order::Newest,
            Some(other) => return Err(FieldError::new("order", format!("order {other:?} is not oldest or newest"))),
        };
        Ok(Self {
            filter: filter(&mut params, status)?,
            mine,
            order,
            cursor: cursor(&mut params)?,
            limit: limit(&mut params)?,
        })
    }
}

/// `GET /api/v1/review?own=exclude|include&category=&chat=&cursor=&limit=`: flags waiting for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewQuery {
    /// Whether the reviewer's own flags are listed too (marked `own`, for them to see what waits for others).
    pub include_own: bool,
    /// Which flags (besides `pending_review`).
    pub filter: FlagFilter,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// How many at most.
    pub limit: Limit,
}

impl ReviewQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params = Params::parse(query, &["own", "category", "chat", "since", "until", "cursor", "limit"])?;
        let include_own = match params.take("own").as_deref() {
            None | Some("exclude") => false,
            Some("include") => true,
            Some(other) => {
                return Err(FieldError::new("own", format!("own {other:?} is not exclude or include")));
            }
        };
        Ok(Self {
            include_own,
            filter: filter(&mut params, Some(FlagStatus::PendingReview))?,
            cursor: cursor(&mut params)?,
            limit: limit(&mut params)?,
        })
    }
}

/// `GET /api/v1/notices?status=&category=&chat=&since=&until=&cursor=&limit=`: `status` is `open` (approved or
/// acknowledged: what waits for the platform) unless given; `any` is every approved flag; a status before approval
/// is refused. A page holds the notices whose first flag is among the next `limit` flags (500 unless asked).
///
/// `sort=time_left` lists instead the notices of the `limit` flags with the least time left (overdue first, then
/// those due soonest, then those without a deadline), in that order, on one page: it takes no cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeQuery {
    /// Which flags.
    pub filter: FlagFilter,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// How many flags (so notices) at most.
    pub limit: Limit,
    /// Least time left first, instead of the order of arrival.
    pub by_time_left: bool,
}

impl NoticeQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params =
            Params::parse(query, &["status", "category", "chat", "since", "until", "cursor", "limit", "sort"])?;
        let (status, among) = approved_status(params.take("status").as_deref(), OPEN)?;
        let mut filter = filter(&mut params, status)?;
        filter.among = Some(among);
        let by_time_left = match params.take("sort").as_deref() {
            None | Some("arrival") => false,
            Some("time_left") => true,
            Some(other) => {
                return Err(FieldError::new("sort", format!("sort {other:?} is not arrival or time_left")));
            }
        };
        let cursor = cursor(&mut params)?;
        if by_time_left && cursor.is_some() {
            return Err(FieldError::new(
                "cursor",
                "sort=time_left lists one page, the most pressing: it takes no cursor",
            ));
        }
        Ok(Self { filter, cursor, limit: limit_or(&mut params, Limit::max())?, by_time_left })
    }
}

/// The two forms of the periodic report, and its printable page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// `tapis_wire::NoticeReport` as JSON.
    Json,
    /// The counts, for a spreadsheet.
    Csv,
    /// A printable page with charts.
    Html,
}

/// `GET /api/v1/reports/notices?from=&to=&format=json|csv|html`: notices sent from `from` (inclusive) to `to`.
/// Each is a date (`2026-01-01`, a whole UTC day: `to` then includes that day) or an RFC 3339 time (`to`
/// exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportQuery {
    /// The first instant of the period.
    pub from: DateTime<Utc>,
    /// The end of the period, exclusive.
    pub to: DateTime<Utc>,
    /// JSON unless asked.
    pub format: ReportFormat,
}

impl ReportQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params = Params::parse(query, &["from", "to", "format"])?;
        let format = match params.take("format").as_deref() {
            None | Some("json") => ReportFormat::Json,
            Some("csv") => ReportFormat::Csv,
            Some("html") => ReportFormat::Html,
            Some(other) => {
                return Err(FieldError::new("format", format!("format {other:?} is not json, csv or html")));
            }
        };
        let from = params.take("from").ok_or_else(|| FieldError::new("from", "from is required (2026-01-01)"))?;
        let to = params.take("to").ok_or_else(|| FieldError::new("to", "to is required (2026-12-31)"))?;
        Self::period(&from, &to, format)
    }

    /// The period from the texts of `from` and `to`, as the query and `tapis report` take them.
    pub fn period(from: &str, to: &str, format: ReportFormat) -> Result<Self, FieldError> {
        let from = report_time("from", from, false)?;
        let to = report_time("to", to, true)?;
        if from >= to {
            return Err(FieldError::new("to", "to must be later than from"));
        }
        Ok(Self { from, to, format })
    }
}

/// A date (its first instant; with `end_of_day`, the first instant of the next day) or an RFC 3339 time.
fn report_time(name: &str, value: &str, end_of_day: bool) -> Result<DateTime<Utc>, FieldError> {
    if let Ok(date) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let date = if end_of_day { date.succ_opt() } else { Some(date) };
        if let Some(start) = date.and_then(|date| date.and_hms_opt(0, 0, 0)) {
            return Ok(start.and_utc());
        }
    }
    DateTime::parse_from_rfc3339(value).map(|time| time.with_timezone(&Utc)).map_err(|_| {
        FieldError::new(
            name,
            format!("{name} {value:?} is not a date (2026-01-31) or an RFC 3339 time (2026-01-31T00:00:00Z)"),
        )
    })
}

/// A `status` parameter of an endpoint for approved flags only: `None` gives `default`, `open` and `any` name
/// sets, and a single status must be approved or after.
fn approved_status(
    value: Option<&str>,
    default: &'static [FlagStatus],
) -> Result<(Option<FlagStatus>, &'static [FlagStatus]), FieldError> {
    match value {
        None => Ok((None, default)),
        Some("open") => Ok((None, OPEN)),
        Some("any") => Ok((None, APPROVED)),
        Some(value) => match parse_status(value)? {
            status if status.is_approved() => Ok((Some(status), APPROVED)),
            status => Err(FieldError::new(
                "status",
                format!(
                    "status {} is before approval: only approved flags become notices (approved, acknowledged, \
                     actioned, rejected, open or any)",
                    status.as_str()
                ),
            )),
        },
    }
}

fn boolean(params: &mut Params, name: &str) -> Result<bool, FieldError> {
    match params.take(name).as_deref() {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(FieldError::new(name, format!("{name} {other:?} is not true or false"))),
    }
}

/// `GET /api/v1/audit?flag_id=&cursor=&limit=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only entries about this flag.
    pub flag_id: Option<Uuid>,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// How many at most.
    pub limit: Limit,
}

impl AuditQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params = Params::parse(query, &["flag_id", "cursor", "limit"])?;
        let flag_id = params
            .take("flag_id")
            .map(|value| {
                Uuid::parse_str(&value).map_err(|_| FieldError::new("flag_id", format!("{value:?} is not a UUID")))
            })
            .transpose()?;
        Ok(Self { flag_id, cursor: cursor(&mut params)?, limit: limit(&mut params)? })
    }
}

/// The two forms of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// `tapis_wire::Export` as JSON.
    Json,
    /// One row per notice, for a spreadsheet.
    Csv,
}

/// `GET /api/v1/export?format=json|csv&status=&category=&chat=&since=&until=&cursor=&limit=`. Only approved flags
/// are exported: `status` defaults to `approved` (what still has to be sent) and also takes `open` and `any`. Pages
/// as [`NoticeQuery`] does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportQuery {
    /// The form of the answer; JSON unless asked.
    pub format: ExportFormat,
    /// Which flags.
    pub filter: FlagFilter,
    /// Where the page starts.
    pub cursor: Option<Cursor>,
    /// How many flags (so notices) at most.
    pub limit: Limit,
}

impl ExportQuery {
    /// Parses a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<Self, FieldError> {
        let mut params =
            Params::parse(query, &["format", "status", "category", "chat", "since", "until", "cursor", "limit"])?;
        let format = match params.take("format").as_deref() {
            None | Some("json") => ExportFormat::Json,
            Some("csv") => ExportFormat::Csv,
            Some(other) => return Err(FieldError::new("format", format!("format {other:?} is not json or csv"))),
        };
        let (status, among) = match params.take("status").as_deref() {
            None => (Some(FlagStatus::Approved), APPROVED),
            value => approved_status(value, APPROVED)?,
        };
        let mut filter = filter(&mut params, status)?;
        filter.among = Some(among);
        Ok(Self { format, filter, cursor: cursor(&mut params)?, limit: limit_or(&mut params, Limit::max())? })
    }
}

/// The parameters of a query string, each known and given once.
struct Params(BTreeMap<String, String>);

impl Params {
    fn parse(query: Option<&str>, known: &[&str]) -> Result<Self, FieldError> {
        let mut params = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if !known.contains(&name.as_ref()) {
                return Err(FieldError::new(
                    name.as_ref(),
                    format!("unknown query parameter {name:?}; this endpoint takes {}", known.join(", ")),
                ));
            }
            if value.is_empty() {
                return Err(FieldError::new(name.as_ref(), format!("query parameter {name} is empty")));
            }
            if params.insert(name.to_string(), value.into_owned()).is_some() {
                return Err(FieldError::new(name.as_ref(), format!("query parameter {name} is given twice")));
            }
        }
        Ok(Self(params))
    }

    fn take(&mut self, name: &str) -> Option<String> {
        self.0.remove(name)
    }
}

fn parse_status(value: &str) -> Result<FlagStatus, FieldError> {
    FlagStatus::from_name(value).ok_or_else(|| {
        FieldError::new(
            "status",
            format!("status {value:?} is not pending_review, returned, approved, acknowledged, actioned or rejected"),
        )
    })
}

fn filter(params: &mut Params, status: Option<FlagStatus>) -> Result<FlagFilter, FieldError> {
    let time = |params: &mut Params, name: &str| {
        params
            .take(name)
            .map(|value| {
                DateTime::parse_from_rfc3339(&value).map(|time| time.with_timezone(&Utc)).map_err(|_| {
                    FieldError::new(name, format!("{name} {value:?} is not an RFC 3339 time (2026-11-29T05:00:00Z)"))
                })
            })
            .transpose()
    };
    let filter = FlagFilter {
        status,
        category: params.take("category"),
        chat: params.take("chat").map(ChatKey::from_param),
        since: time(params, "since")?,
        until: time(params, "until")?,
        ..FlagFilter::default()
    };
    if let (Some(since), Some(until)) = (filter.since, filter.until)
        && since >= until
    {
        return Err(FieldError::new("until", "until must be later than since"));
    }
    Ok(filter)
}

fn cursor(params: &mut Params) -> Result<Option<Cursor>, FieldError> {
    params
        .take("cursor")
        .map(|value| {
            Cursor::decode(&value).ok_or_else(|| {
                FieldError::new("cursor", "cursor is not one this server gave out: pass next_cursor back unchanged")
            })
        })
        .transpose()
}

fn limit(params: &mut Params) -> Result<Limit, FieldError> {
    limit_or(params, Limit::DEFAULT)
}

fn limit_or(params: &mut Params, default: Limit) -> Result<Limit, FieldError> {
    let Some(value) = params.take("limit") else {
        return Ok(default);
    };
    match value.parse::<u32>() {
        Ok(limit) if (1..=Limit::MAX).contains(&limit) => Ok(Limit(limit)),
        _ => Err(FieldError::new("limit", format!("limit {value:?} is not a number from 1 to {}", Limit::MAX))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(error: FieldError) -> String {
        error.field
    }

    #[test]
    fn an_empty_query_lists_everything_in_default_pages() {
        let query = FlagQuery::parse(None).unwrap();
        assert_eq!(
            query,
            FlagQuery {
                filter: FlagFilter::default(),
                mine: false,
                order: Order::Oldest,
                cursor: None,
                limit: Limit::DEFAULT
            }
        );
        assert_eq!(FlagQuery::parse(Some("")).unwrap(), query);
    }

    #[test]
    fn every_flag_parameter_parses() {
        let query = FlagQuery::parse(Some(
            "status=acknowledged&category=perjudian&chat=%40slotgacor88&since=2026-11-01T00:00:00%2B07:00\
             &until=2026-12-01T00:00:00Z&limit=500&cursor=c1f",
        ))
        .unwrap();
        assert_eq!(query.filter.status, Some(FlagStatus::Acknowledged));
        assert_eq!(query.filter.category.as_deref(), Some("perjudian"));
        assert_eq!(query.filter.chat.as_ref().map(ChatKey::as_str), Some("@slotgacor88"));
        assert_eq!(query.filter.since.unwrap().to_rfc3339(), "2026-10-31T17:00:00+00:00");
        assert_eq!(query.limit.get(), 500);
        assert_eq!(query.cursor, Some(Cursor::after(31)));
        assert_eq!(query.order, Order::Oldest);
        assert_eq!(FlagQuery::parse(Some("order=newest&mine=true")).unwrap().order, Order::Newest);
    }

    #[test]
    fn bad_parameters_are_named() {
        for (query, field) in [
            ("status=open", "status"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("limit=ten", "limit"),
            ("cursor=31", "cursor"),
            ("cursor=c-1", "cursor"),
            ("since=yesterday", "since"),
            ("since=2026-11-02T00:00:00Z&until=2026-11-01T00:00:00Z", "until"),
            ("category=a&category=b", "category"),
            ("category=", "category"),
            ("sort=desc", "sort"),
            ("order=desc", "order"),
        ] {
            assert_eq!(FlagQuery::parse(Some(query)).map_err(field_of), Err(field.to_owned()), "{query}");
        }
        assert_eq!(AuditQuery::parse(Some("flag_id=x")).map_err(field_of), Err("flag_id".to_owned()));
        assert_eq!(AuditQuery::parse(Some("status=submitted")).map_err(field_of), Err("status".to_owned()));
    }

    #[test]
    fn report_periods_take_dates_or_times_and_name_bad_parameters() {
        let query = ReportQuery::parse(Some("from=2026-01-01&to=2026-12-31&format=html")).unwrap();
        assert_eq!(query.from.to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert_eq!(query.to.to_rfc3339(), "2027-01-01T00:00:00+00:00");
        assert_eq!(query.format, ReportFormat::Html);
        let query = ReportQuery::parse(Some("from=2026-03-01T07:00:00%2B07:00&to=2026-03-02T00:00:00Z")).unwrap();
        assert_eq!((query.from.to_rfc3339().as_str(), query.format), ("2026-03-01T00:00:00+00:00", ReportFormat::Json));
        assert_eq!(query.to.to_rfc3339(), "2026-03-02T00:00:00+00:00");
        for (text, field) in [
            ("from=2026-13-01&to=2026-12-31", "from"),
            ("from=2026-01-01&to=yesterday", "to"),
            ("from=2026-01-01&to=2026-12-31&format=pdf", "format"),
            ("to=2026-12-31", "from"),
            ("from=2026-01-01", "to"),
            ("from=2026-02-01&to=2026-01-01", "to"),
            ("from=2026-01-01&to=2026-12-31&who=me", "who"),
        ] {
            assert_eq!(ReportQuery::parse(Some(text)).map_err(field_of), Err(field.to_owned()), "{text}");
        }
    }

    #[test]
    fn notices_sort_by_time_left_on_one_page() {
        assert!(!NoticeQuery::parse(None).unwrap().by_time_left);
        assert!(NoticeQuery::parse(Some("sort=time_left&limit=20")).unwrap().by_time_left);
        assert_eq!(NoticeQuery::parse(Some("sort=soon")).map_err(field_of), Err("sort".to_owned()));
        assert_eq!(NoticeQuery::parse(Some("sort=time_left&cursor=c1")).map_err(field_of), Err("cursor".to_owned()));
    }

    #[test]
    fn cursors_round_trip() {
        for seq in [0, 1, 255, i64::MAX] {
            assert_eq!(Cursor::decode(&Cursor::after(seq).encode()), Some(Cursor::after(seq)));
        }
    }

    #[test]
    fn exports_default_to_json_of_submitted_flags() {
        let query = ExportQuery::parse(None).unwrap();
        assert_eq!((query.format, query.filter.status), (ExportFormat::Json, Some(FlagStatus::Approved)));
        let query = ExportQuery::parse(Some("format=csv&status=any")).unwrap();
        assert_eq!((query.format, query.filter.status, query.filter.among), (ExportFormat::Csv, None, Some(APPROVED)));
        assert_eq!(ExportQuery::parse(Some("status=pending_review")).map_err(field_of), Err("status".to_owned()));
        let notices = NoticeQuery::parse(None).unwrap();
        assert_eq!((notices.filter.status, notices.filter.among), (None, Some(OPEN)));
        assert_eq!(NoticeQuery::parse(Some("status=returned")).map_err(field_of), Err("status".to_owned()));
        assert_eq!(ReviewQuery::parse(Some("own=maybe")).map_err(field_of), Err("own".to_owned()));
        assert!(ReviewQuery::parse(Some("own=include")).unwrap().include_own);
        assert_eq!(FlagQuery::parse(Some("mine=yes")).map_err(field_of), Err("mine".to_owned()));
        assert_eq!(ExportQuery::parse(Some("format=xml")).map_err(field_of), Err("format".to_owned()));
        assert_eq!(ExportQuery::parse(Some("cursor=zz")).map_err(field_of), Err("cursor".to_owned()));
        let page = NoticeQuery::parse(Some("cursor=c1f&limit=20")).unwrap();
        assert_eq!((page.cursor, page.limit), (Some(Cursor::after(31)), Limit(20)));
        assert_eq!(ExportQuery::parse(None).unwrap().limit, Limit::max());
        assert_eq!(NoticeQuery::parse(Some("limit=501")).map_err(field_of), Err("limit".to_owned()));
    }
}
