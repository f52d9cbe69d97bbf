//! The figures of the statistics and the periodic report, added up by the database: one row per group, whatever
//! the number of flags.

use chrono::{DateTime, Utc};

use super::rows::{CategoryRow, OutcomeRow, TimeRow, column_time, parse_time};
use super::{Store, StoreError, query_builder};

/// Notices sent (approved) in a period: `from` inclusive, `to` exclusive; either may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// The first instant.
    pub from: Option<DateTime<Utc>>,
    /// The end (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// The notices of one platform, category and outcome, as [`Store::notice_figures`] counts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeFigures {
    /// The platform.
    pub platform: String,
    /// The category.
    pub category: String,
    /// `actioned`, `rejected` or `awaiting`.
    pub outcome: String,
    /// Distinct notices.
    pub notices: u64,
    /// Of these, answered within their deadline.
    pub met: u64,
    /// Answered after it, or unanswered and past it.
    pub overdue: u64,
    /// Escalated at least once.
    pub escalated: u64,
}

/// The time to outcome of one platform and category's flags, as [`Store::notice_figures`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeFigures {
    /// The platform.
    pub platform: String,
    /// The category.
    pub category: String,
    /// Flags with an outcome.
    pub decided: u64,
    /// The median, nearest rank.
    pub median_seconds: Option<i64>,
    /// The 90th percentile, nearest rank.
    pub p90_seconds: Option<i64>,
    /// The longest.
    pub max_seconds: Option<i64>,
}

/// The turnaround of one category's approved flags, as [`Store::turnaround_figures`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryFigures {
    /// The category.
    pub category: String,
    /// Its approved flags, whatever happened since.
    pub approved: u64,
    /// Of these, how many have the platform's outcome (`actioned` or `rejected`).
    pub decided: u64,
    /// How many are `actioned`.
    pub actioned: u64,
    /// How many are `rejected`.
    pub rejected: u64,
    /// The seconds from approval to outcome, added over the decided flags.
    pub sum_seconds: i64,
    /// The longest of these.
    pub max_seconds: Option<i64>,
    /// Their median (the mean of the middle two for an even count, rounded down).
    pub median_seconds: Option<i64>,
    /// When the oldest flag still without an outcome was approved.
    pub oldest_awaiting_approved_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The turnaround figures of every approved flag (legacy flags included), per category, computed by the
    /// database: one row per category, whatever the number of flags.
    pub async fn turnaround_figures(&self) -> Result<Vec<CategoryFigures>, StoreError> {
        let rows: Vec<CategoryRow> = with_pools!(self, |reader, _writer| {
            sqlx::query_as(
                "SELECT category, COUNT(*) AS approved, COUNT(turnaround_seconds) AS decided,
                     CAST(SUM(CASE WHEN status = 'actioned' THEN 1 ELSE 0 END) AS BIGINT) AS actioned,
                     CAST(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS BIGINT) AS rejected,
                     CAST(SUM(turnaround_seconds) AS BIGINT) AS sum_seconds, MAX(turnaround_seconds) AS max_seconds,
                     MIN(CASE WHEN outcome_at IS NULL THEN approved_at END) AS oldest_awaiting_approved_at
                 FROM flags WHERE approved_at IS NOT NULL GROUP BY category ORDER BY category",
            )
            .fetch_all(reader)
            .await?
        });
        let mut figures = Vec::with_capacity(rows.len());
        for CategoryRow {
            category,
            approved,
            decided,
            actioned,
            rejected,
            sum_seconds,
            max_seconds,
            oldest_awaiting_approved_at,
        } in rows
        {
            // The middle one or two durations, through the (category, turnaround_seconds) index.
            let middle: Vec<i64> = if decided == 0 {
                Vec::new()
            } else {
                with_pools!(self, |reader, _writer| {
                    sqlx::query_scalar(
                        "SELECT turnaround_seconds FROM flags
                         WHERE category = $1 AND approved_at IS NOT NULL AND turnaround_seconds IS NOT NULL
                         ORDER BY turnaround_seconds LIMIT $2 OFFSET $3",
                    )
                    .bind(&category)
                    .bind(if decided % 2 == 0 { 2_i64 } else { 1 })
                    .bind((decided - 1) / 2)
                    .fetch_all(reader)
                    .await?
                })
            };
            let key = format!("category {category}");
            let count = |n: i64| u64::try_from(n).unwrap_or_default();
            figures.push(CategoryFigures {
                approved: count(approved),
                decided: count(decided),
                actioned: count(actioned),
                rejected: count(rejected),
                sum_seconds: sum_seconds.unwrap_or_default(),
                max_seconds,
                median_seconds: (!middle.is_empty()).then(|| middle.iter().sum::<i64>() / middle.len() as i64),
                oldest_awaiting_approved_at: oldest_awaiting_approved_at
                    .map(|time| parse_time(&key, "approved_at", &time))
                    .transpose()?,
                category,
            });
        }
        Ok(figures)
    }

    /// The notices sent in `period`, counted by the database per platform, category and outcome, and their
    /// times to outcome per platform and category; deadlines measured at the store's `now`. One row per group,
    /// whatever the number of flags.
    pub async fn notice_figures(&self, period: Period) -> Result<(Vec<OutcomeFigures>, Vec<TimeFigures>), StoreError> {
        let now = column_time(self.now());
        let (from, to) = (period.from.map(column_time), period.to.map(column_time));
        let counts: Vec<OutcomeRow> = with_pools!(self, |reader, _writer| {
            // Each notice once (its flags grouped first), then the notices counted per group: one sort, however
            // many conditions are counted.
            let mut query = query_builder(
                reader,
                "SELECT platform, category, outcome, COUNT(*) AS notices, CAST(SUM(met) AS BIGINT) AS met,
                     CAST(SUM(overdue) AS BIGINT) AS overdue, CAST(SUM(escalated) AS BIGINT) AS escalated
                 FROM (SELECT platform, category,
                           CASE WHEN status IN ('actioned', 'rejected') THEN status ELSE 'awaiting' END AS outcome,
                           MAX(CASE WHEN outcome_at <= deadline_at THEN 1 ELSE 0 END) AS met,
                           MAX(CASE WHEN COALESCE(outcome_at, ",
            );
            query.push_bind(now.clone());
            query.push(
                ") > deadline_at THEN 1 ELSE 0 END) AS overdue,
                           MAX(CASE WHEN escalation IS NOT NULL THEN 1 ELSE 0 END) AS escalated
                       FROM flags WHERE approved_at IS NOT NULL",
            );
            if let Some(from) = &from {
                query.push(" AND approved_at >= ").push_bind(from.clone());
            }
            if let Some(to) = &to {
                query.push(" AND approved_at < ").push_bind(to.clone());
            }
            query.push(
                " GROUP BY platform, category, 3, notice_key) AS notices
                 GROUP BY platform, category, outcome ORDER BY platform, category, outcome",
            );
            query.build_query_as().fetch_all(reader).await?
        });
        let times: Vec<TimeRow> = with_pools!(self, |reader, _writer| {
            let mut query = query_builder(
                reader,
                "SELECT platform, category, COUNT(turnaround_seconds) AS decided, MAX(turnaround_seconds) AS max_seconds
                 FROM flags WHERE approved_at IS NOT NULL",
            );
            if let Some(from) = &from {
                query.push(" AND approved_at >= ").push_bind(from.clone());
            }
            if let Some(to) = &to {
                query.push(" AND approved_at < ").push_bind(to.clone());
            }
            query.push(" GROUP BY platform, category ORDER BY platform, category");
            query.build_query_as().fetch_all(reader).await?
        });
        let count = |n: i64| u64::try_from(n).unwrap_or_default();
        let outcomes = counts
            .into_iter()
            .map(|OutcomeRow { platform, category, outcome, notices, met, overdue, escalated }| OutcomeFigures {
                platform,
                category,
                outcome,
                notices: count(notices),
                met: count(met),
                overdue: count(overdue),
                escalated: count(escalated),
            })
            .collect();
        let mut figures = Vec::with_capacity(times.len());
        for TimeRow { platform, category, decided, max_seconds } in times {
            // Nearest rank: the value at rank ceil(p·n), read through ORDER BY … LIMIT 1 OFFSET rank − 1.
            let rank = |percent: i64| {
                let offset = (percent * decided + 99) / 100 - 1;
                let (platform, category, from, to) = (platform.clone(), category.clone(), from.clone(), to.clone());
                async move {
                    if decided == 0 {
                        return Ok::<_, StoreError>(None);
                    }
                    let value: Option<i64> = with_pools!(self, |reader, _writer| {
                        let mut query = query_builder(
                            reader,
                            "SELECT turnaround_seconds FROM flags WHERE turnaround_seconds IS NOT NULL
                             AND approved_at IS NOT NULL AND platform = ",
                        );
                        query.push_bind(platform).push(" AND category = ").push_bind(category);
                        if let Some(from) = from {
                            query.push(" AND approved_at >= ").push_bind(from);
                        }
                        if let Some(to) = to {
                            query.push(" AND approved_at < ").push_bind(to);
                        }
                        query.push(" ORDER BY turnaround_seconds LIMIT 1 OFFSET ").push_bind(offset);
                        query.build_query_scalar().fetch_optional(reader).await?
                    });
                    Ok(value)
                }
            };
            let median_seconds = rank(50).await?;
            let p90_seconds = rank(90).await?;
            figures.push(TimeFigures {
                platform,
                category,
                decided: count(decided),
                median_seconds,
                p90_seconds,
                max_seconds,
            });
        }
        Ok((outcomes, figures))
    }
}
