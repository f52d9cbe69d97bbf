//! Turnaround: how long the platform takes from a flag's approval to its outcome, per category. A pure function
//! over the times the store keeps; the handler and `tapis stats` fetch them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tapis_wire::{CategoryTurnaround, FlagStatus, Turnaround};

use crate::store::ApprovedTimes;

/// The figures per category, by category name, at `now`.
pub fn turnaround(times: &[ApprovedTimes], now: DateTime<Utc>) -> Turnaround {
    let mut by_category: BTreeMap<&str, Vec<&ApprovedTimes>> = BTreeMap::new();
    for flag in times {
        by_category.entry(flag.category.as_str()).or_default().push(flag);
    }
    let categories = by_category
        .into_iter()
        .map(|(category, flags)| {
            let mut durations: Vec<i64> = flags
                .iter()
                .filter_map(|flag| flag.outcome_at.map(|at| (at - flag.approved_at).num_seconds().max(0)))
                .collect();
            durations.sort_unstable();
            let count = |status| flags.iter().filter(|flag| flag.status == status).count() as u64;
            let awaiting: Vec<&&ApprovedTimes> = flags.iter().filter(|flag| flag.outcome_at.is_none()).collect();
            let decided = durations.len() as u64;
            CategoryTurnaround {
                category: category.to_owned(),
                approved: flags.len() as u64,
                decided,
                actioned: count(FlagStatus::Actioned),
                rejected: count(FlagStatus::Rejected),
                awaiting: awaiting.len() as u64,
                median_seconds: median(&durations),
                mean_seconds: (decided > 0).then(|| durations.iter().sum::<i64>() / decided as i64),
                max_seconds: durations.last().copied(),
                oldest_awaiting_seconds: awaiting
                    .iter()
                    .map(|flag| (now - flag.approved_at).num_seconds().max(0))
                    .max(),
            }
        })
        .collect();
    Turnaround { generated_at: now, categories }
}

/// The median of sorted numbers (the mean of the middle two for an even count, rounded down).
fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn durations_run_from_approval_to_outcome_per_category() {
        let t0: DateTime<Utc> = "2026-11-29T00:00:00Z".parse().unwrap();
        let flag = |category: &str, status, hours: Option<i64>| ApprovedTimes {
            category: category.into(),
            status,
            approved_at: t0,
            outcome_at: hours.map(|h| t0 + TimeDelta::hours(h)),
        };
        let times = [
            flag("perjudian", FlagStatus::Actioned, Some(1)),
            flag("perjudian", FlagStatus::Rejected, Some(3)),
            flag("perjudian", FlagStatus::Actioned, Some(10)),
            flag("perjudian", FlagStatus::Acknowledged, None),
            flag("terorisme", FlagStatus::Approved, None),
        ];
        let figures = turnaround(&times, t0 + TimeDelta::hours(24));
        let judi = &figures.categories[0];
        assert_eq!(judi.category, "perjudian");
        assert_eq!((judi.approved, judi.decided, judi.actioned, judi.rejected, judi.awaiting), (4, 3, 2, 1, 1));
        assert_eq!((judi.median_seconds, judi.max_seconds), (Some(3 * 3600), Some(10 * 3600)));
        assert_eq!(judi.mean_seconds, Some(14 * 3600 / 3));
        let teror = &figures.categories[1];
        assert_eq!((teror.decided, teror.median_seconds, teror.oldest_awaiting_seconds), (0, None, Some(24 * 3600)));
        assert_eq!(median(&[1, 2, 3, 5]), Some(2));
    }
}
