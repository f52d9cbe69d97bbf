//! The audit log: what every write adds to it, and reading it by page.

use std::collections::BTreeMap;

use tapis_wire::AuditEntry;

use super::rows::{AuditRow, decode_audit};
use super::{Page, Store, StoreError, page, query_builder};
use crate::domain::{AuditQuery, Cursor};

pub(super) const INSERT_AUDIT: &str =
    "INSERT INTO audit (at, actor, actor_id, action, flag_id, details) VALUES ($1, $2, $3, $4, $5, $6)";

/// The actor of the audit entries `tapis token` writes: an operator at the server's console.
pub(super) const CLI_ACTOR: &str = "cli";

pub(super) fn details<'a>(particulars: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let map: BTreeMap<&str, String> = particulars.into_iter().collect();
    serde_json::to_string(&map).expect("a map of strings always serializes to JSON")
}

impl Store {
    /// One page of the audit log, oldest first.
    pub async fn list_audit(&self, query: &AuditQuery) -> Result<Page<AuditEntry>, StoreError> {
        let after = query.cursor.map_or(0, Cursor::seq);
        let rows: Vec<AuditRow> = with_pools!(self, |reader, _writer| {
            let mut sql = query_builder(
                reader,
                "SELECT seq, at, actor, actor_id, action, flag_id, details FROM audit WHERE seq > ",
            );
            sql.push_bind(after);
            if let Some(flag_id) = query.flag_id {
                sql.push(" AND flag_id = ").push_bind(flag_id.to_string());
            }
            sql.push(" ORDER BY seq LIMIT ").push_bind(i64::from(query.limit.get()) + 1);
            sql.build_query_as().fetch_all(reader).await?
        });
        page(rows, query.limit, |row| row.seq, decode_audit)
    }
}
