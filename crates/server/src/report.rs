//! The deadline figures (`/api/v1/stats`) and the periodic report of the notices sent
//! (`/api/v1/reports/notices`, `tapis report`) as JSON, CSV and a printable HTML page with server-drawn SVG charts.
//! Built from what the database adds up ([`crate::store::Store::notice_figures`]) and the [`Policy`]; no personal
//! data goes in: no names, no message text, nothing but platforms, categories, counts and times. Knows nothing of
//! HTTP or SQL.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use tapis_wire::{NoticeReport, NoticeStats, NoticeStatsRow, ReportCount, ReportDeadline, ReportTimes};

use crate::export::push_row;
use crate::policy::Policy;
use crate::store::{OutcomeFigures, TimeFigures};

/// The outcomes a report counts, in the order it shows them.
pub const OUTCOMES: [&str; 3] = ["actioned", "rejected", "awaiting"];

/// The deadline figures per platform and category, at `now`.
pub fn stats(outcomes: &[OutcomeFigures], times: &[TimeFigures], now: DateTime<Utc>) -> NoticeStats {
    let mut rows: BTreeMap<(String, String), NoticeStatsRow> = BTreeMap::new();
    for figures in outcomes {
        let row = rows.entry((figures.platform.clone(), figures.category.clone())).or_insert_with(|| NoticeStatsRow {
            platform: figures.platform.clone(),
            category: figures.category.clone(),
            sent: 0,
            met: 0,
            overdue: 0,
            awaiting: 0,
            escalated: 0,
            median_seconds: None,
            p90_seconds: None,
        });
        row.sent += figures.notices;
        row.met += figures.met;
        row.overdue += figures.overdue;
        row.escalated += figures.escalated;
        if figures.outcome == "awaiting" {
            row.awaiting += figures.notices;
        }
    }
    for time in times {
        if let Some(row) = rows.get_mut(&(time.platform.clone(), time.category.clone())) {
            row.median_seconds = time.median_seconds;
            row.p90_seconds = time.p90_seconds;
        }
    }
    NoticeStats { generated_at: now, rows: rows.into_values().collect() }
}

/// The report of the notices sent from `from` to `to` (exclusive), at `now`.
pub fn report(
    outcomes: &[OutcomeFigures],
    times: &[TimeFigures],
    policy: &Policy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> NoticeReport {
    let dsa = |category: &str| policy.dsa_category(category).map(str::to_owned);
    let counts: Vec<ReportCount> = outcomes
        .iter()
        .map(|figures| ReportCount {
            platform: figures.platform.clone(),
            category: figures.category.clone(),
            dsa_category: dsa(&figures.category),
            outcome: figures.outcome.clone(),
            notices: figures.notices,
            met: figures.met,
            overdue: figures.overdue,
            escalated: figures.escalated,
        })
        .collect();
    let mut deadlines: Vec<ReportDeadline> = policy
        .known_categories()
        .map(|(category, hours)| ReportDeadline { category: category.to_owned(), hours, dsa_category: dsa(category) })
        .collect();
    deadlines.push(ReportDeadline { category: "*".to_owned(), hours: policy.default_hours(), dsa_category: None });
    NoticeReport {
        generated_at: now,
        from,
        to,
        organisation: policy.organisation().map(str::to_owned),
        total: counts.iter().map(|count| count.notices).sum(),
        times: times
            .iter()
            .map(|time| ReportTimes {
                platform: time.platform.clone(),
                category: time.category.clone(),
                decided: time.decided,
                median_seconds: time.median_seconds,
                p90_seconds: time.p90_seconds,
                max_seconds: time.max_seconds,
            })
            .collect(),
        counts,
        deadlines,
        procedures: policy.procedures().to_owned(),
    }
}

/// The columns of the CSV report: one row per platform, category and outcome, with the period and the time to
/// outcome of the platform and category.
pub const CSV_HEADER: [&str; 14] = [
    "from",
    "to",
    "platform",
    "category",
    "dsa_category",
    "outcome",
    "notices",
    "met",
    "overdue",
    "escalated",
    "decided",
    "median_seconds",
    "p90_seconds",
    "max_seconds",
];

/// The CSV form (RFC 4180, CRLF line ends): the counts, for a spreadsheet. The procedures are in the JSON and HTML.
pub fn to_csv(report: &NoticeReport) -> String {
    let mut csv = String::new();
    push_row(&mut csv, CSV_HEADER.iter().map(|cell| (*cell).to_owned()));
    let number = |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
    for count in &report.counts {
        let time = report.times.iter().find(|t| t.platform == count.platform && t.category == count.category);
        push_row(
            &mut csv,
            [
                rfc3339(report.from),
                rfc3339(report.to),
                count.platform.clone(),
                count.category.clone(),
                count.dsa_category.clone().unwrap_or_default(),
                count.outcome.clone(),
                count.notices.to_string(),
                count.met.to_string(),
                count.overdue.to_string(),
                count.escalated.to_string(),
                time.map(|t| t.decided.to_string()).unwrap_or_default(),
                number(time.and_then(|t| t.median_seconds)),
                number(time.and_then(|t| t.p90_seconds)),
                number(time.and_then(|t| t.max_seconds)),
            ],
        );
    }
    csv
}

fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Escapes text for HTML content and attribute values.
fn html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The colour of each outcome's bars (SVG presentation attributes, which the server's CSP allows: it forbids
/// only inline `style`).
const OUTCOME_FILL: [(&str, &str); 3] = [("actioned", "#2e7d32"), ("rejected", "#c62828"), ("awaiting", "#9e9e9e")];

fn hours(seconds: Option<i64>) -> String {
    seconds.map_or("–".to_owned(), |s| format!("{:.1}", s as f64 / 3600.0))
}

/// The printable HTML page: no script, no inline style, no outside resource, so it shows under the server's
/// Content-Security-Policy and prints as it is.
pub fn to_html(report: &NoticeReport) -> String {
    let mut page = String::new();
    let title = format!("Notices sent {}", period(report.from, report.to));
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n\
         <header>\n<h1>{}</h1>\n",
        html(&title),
        html(&title)
    );
    if let Some(organisation) = &report.organisation {
        let _ = writeln!(page, "<p>Trusted flagger: <strong>{}</strong></p>", html(organisation));
    }
    let _ = writeln!(
        page,
        "<p>Generated {}. Notices are counted in the period they were sent to the platform (approved); {} in all. \
         Times are hours from sending to the platform's outcome.</p>\n</header>",
        html(&rfc3339(report.generated_at)),
        report.total
    );

    page.push_str("<section>\n<h2>Notices by platform, category and outcome</h2>\n");
    page.push_str(&bar_chart(report));
    page.push_str(
        "<table>\n<thead><tr><th>Platform</th><th>Category</th><th>DSA category</th><th>Outcome</th>\
         <th>Notices</th><th>Met deadline</th><th>Overdue</th><th>Escalated</th></tr></thead>\n<tbody>\n",
    );
    for count in &report.counts {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&count.platform),
            html(&count.category),
            dsa_cell(count.dsa_category.as_deref()),
            html(&count.outcome),
            count.notices,
            count.met,
            count.overdue,
            count.escalated
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");

    page.push_str(
        "<section>\n<h2>Time to outcome</h2>\n<table>\n<thead><tr><th>Platform</th><th>Category</th>\
         <th>Decided</th><th>Median (h)</th><th>90th percentile (h)</th><th>Longest (h)</th></tr></thead>\n<tbody>\n",
    );
    for time in &report.times {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&time.platform),
            html(&time.category),
            time.decided,
            hours(time.median_seconds),
            hours(time.p90_seconds),
            hours(time.max_seconds)
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");

    page.push_str(
        "<section>\n<h2>Deadlines</h2>\n<table>\n<thead><tr><th>Category</th><th>Hours</th><th>DSA category</th>\
         </tr></thead>\n<tbody>\n",
    );
    for deadline in &report.deadlines {
        let category = if deadline.category == "*" { "every other category" } else { &deadline.category };
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(category),
            deadline.hours,
            dsa_cell(deadline.dsa_category.as_deref())
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");

    page.push_str("<section>\n<h2>Procedures</h2>\n");
    for paragraph in report.procedures.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(page, "<p>{}</p>", html(paragraph.trim()));
    }
    page.push_str("</section>\n</body>\n</html>\n");
    page
}

/// The period in words: whole UTC days as dates, the last one included; other instants as they are, the end
/// excluded.
fn period(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let midnight = |time: DateTime<Utc>| time.time() == chrono::NaiveTime::MIN;
    if midnight(from) && midnight(to) {
        let last = to.date_naive().pred_opt().unwrap_or(to.date_naive());
        format!("from {} to {} (UTC)", from.date_naive(), last)
    } else {
        format!("from {} until {}", rfc3339(from), rfc3339(to))
    }
}

/// A DSA category, free to wrap at its underscores so that the table fits a printed page.
fn dsa_cell(category: Option<&str>) -> String {
    category.map_or("–".to_owned(), |category| html(category).replace('_', "_<wbr>"))
}

/// One horizontal bar per platform and category, split by outcome, drawn as SVG on the server.
fn bar_chart(report: &NoticeReport) -> String {
    const LABEL: u32 = 200;
    const WIDTH: u32 = 440;
    const ROW: u32 = 26;
    let mut bars: BTreeMap<(&str, &str), [u64; 3]> = BTreeMap::new();
    for count in &report.counts {
        let slot = OUTCOMES.iter().position(|outcome| *outcome == count.outcome).unwrap_or(2);
        bars.entry((&count.platform, &count.category)).or_default()[slot] += count.notices;
    }
    let most = bars.values().map(|counts| counts.iter().sum::<u64>()).max().unwrap_or(0).max(1);
    let height = ROW * (bars.len() as u32 + 1) + 10;
    let total_width = LABEL + WIDTH + 60;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total_width}\" height=\"{height}\" \
         viewBox=\"0 0 {total_width} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\n\
         <title id=\"chart-title\">Notices by platform and category, split by outcome</title>"
    );
    for (row, ((platform, category), counts)) in bars.iter().enumerate() {
        let y = ROW * row as u32 + 4;
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\">{} · {}</text>",
            LABEL - 8,
            y + 15,
            html(platform),
            html(category)
        );
        let mut x = LABEL;
        for ((outcome, fill), count) in OUTCOME_FILL.iter().zip(counts) {
            if *count == 0 {
                continue;
            }
            let width = ((*count as f64 / most as f64) * f64::from(WIDTH)).round().max(1.0) as u32;
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"{fill}\"><title>{outcome}: {count}</title></rect>"
            );
            x += width;
        }
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\">{}</text>",
            x + 6,
            y + 15,
            counts.iter().sum::<u64>()
        );
    }
    // The legend, under the bars.
    let y = ROW * bars.len() as u32 + 8;
    let mut x = LABEL;
    for (outcome, fill) in OUTCOME_FILL {
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" \
             font-family=\"sans-serif\" font-size=\"12\">{outcome}</text>",
            x + 16,
            y + 11
        );
        x += 100;
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(category: &str, outcome: &str, notices: u64, met: u64, overdue: u64) -> OutcomeFigures {
        OutcomeFigures {
            platform: "telegram".into(),
            category: category.into(),
            outcome: outcome.into(),
            notices,
            met,
            overdue,
            escalated: 0,
        }
    }

    #[test]
    fn stats_add_the_outcomes_of_each_category() {
        let t0: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let rows = [
            outcome("perjudian", "actioned", 3, 2, 1),
            outcome("perjudian", "awaiting", 2, 0, 1),
            outcome("terorisme", "rejected", 1, 1, 0),
        ];
        let times = [TimeFigures {
            platform: "telegram".into(),
            category: "perjudian".into(),
            decided: 3,
            median_seconds: Some(60),
            p90_seconds: Some(600),
            max_seconds: Some(600),
        }];
        let stats = stats(&rows, &times, t0);
        let judi = &stats.rows[0];
        assert_eq!((judi.sent, judi.met, judi.overdue, judi.awaiting), (5, 2, 2, 2));
        assert_eq!((judi.median_seconds, judi.p90_seconds), (Some(60), Some(600)));
        assert_eq!(
            (stats.rows[1].category.as_str(), stats.rows[1].sent, stats.rows[1].median_seconds),
            ("terorisme", 1, None)
        );
    }

    #[test]
    fn the_html_escapes_text_and_has_neither_script_nor_inline_style() {
        let t0: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
        let policy = Policy::from_toml("p", "procedures = \"<b>Dua</b> analis & satu <script>\"").unwrap();
        let report = report(&[outcome("<img>", "actioned", 1, 1, 0)], &[], &policy, t0, t0, t0);
        let page = to_html(&report);
        assert!(page.contains("&lt;b&gt;Dua&lt;/b&gt; analis &amp; satu &lt;script&gt;"), "{page}");
        assert!(page.contains("&lt;img&gt;") && !page.contains("<img>"), "{page}");
        for forbidden in ["<script", "style=", "<style", "<link", "http://", "https://"] {
            let found = page.replace("http://www.w3.org/2000/svg", "");
            assert!(!found.contains(forbidden), "{forbidden} in {page}");
        }
        assert!(page.contains("<svg") && page.contains("<rect"), "{page}");
    }

    #[test]
    fn periods_of_whole_days_read_as_dates_with_the_last_included() {
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            period(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")),
            "from 2026-01-01 to 2026-12-31 (UTC)"
        );
        assert_eq!(
            period(at("2026-01-01T07:00:00Z"), at("2026-01-02T00:00:00Z")),
            "from 2026-01-01T07:00:00Z until 2026-01-02T00:00:00Z"
        );
        let policy = Policy::default();
        let deadlines = report(
            &[],
            &[],
            &policy,
            at("2026-01-01T00:00:00Z"),
            at("2027-01-01T00:00:00Z"),
            at("2027-01-01T00:00:00Z"),
        )
        .deadlines;
        let judi = deadlines.iter().find(|d| d.category == "perjudian").expect("every mapped category is listed");
        assert_eq!(
            (judi.hours, judi.dsa_category.as_deref()),
            (24, Some("STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"))
        );
        assert_eq!(
            dsa_cell(judi.dsa_category.as_deref()),
            "STATEMENT_<wbr>CATEGORY_<wbr>UNSAFE_<wbr>AND_<wbr>PROHIBITED_<wbr>PRODUCTS"
        );
    }
}
