//! Turnaround: how long the platform takes from a flag's approval to its outcome, per category. The database
//! adds the figures up ([`crate::store::Store::turnaround_figures`]); this turns them into the answer, at a time.

use chrono::{DateTime, Utc};
use tapis_wire::{CategoryTurnaround, Turnaround};

use crate::store::CategoryFigures;

/// The figures per category, by category name, at `now`.
pub fn turnaround(figures: &[CategoryFigures], now: DateTime<Utc>) -> Turnaround {
    let categories = figures
        .iter()
        .map(|row| CategoryTurnaround {
            category: row.category.clone(),
            approved: row.approved,
            decided: row.decided,
            actioned: row.actioned,
            rejected: row.rejected,
            awaiting: row.approved - row.decided,
            median_seconds: row.median_seconds,
            mean_seconds: (row.decided > 0).then(|| row.sum_seconds / row.decided as i64),
            max_seconds: row.max_seconds,
            oldest_awaiting_seconds: row.oldest_awaiting_approved_at.map(|at| (now - at).num_seconds().max(0)),
        })
        .collect();
    Turnaround { generated_at: now, categories }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn means_and_waits_come_from_the_sums_and_times() {
        let t0: DateTime<Utc> = "2026-11-29T00:00:00Z".parse().unwrap();
        let row = CategoryFigures {
            category: "perjudian".into(),
            approved: 4,
            decided: 3,
            actioned: 2,
            rejected: 1,
            sum_seconds: 14 * 3600,
            max_seconds: Some(10 * 3600),
            median_seconds: Some(3 * 3600),
            oldest_awaiting_approved_at: Some(t0),
        };
        let figures = turnaround(&[row], t0 + TimeDelta::hours(24));
        let judi = &figures.categories[0];
        assert_eq!((judi.approved, judi.decided, judi.awaiting), (4, 3, 1));
        assert_eq!(judi.mean_seconds, Some(14 * 3600 / 3));
        assert_eq!(judi.oldest_awaiting_seconds, Some(24 * 3600));
    }
}
