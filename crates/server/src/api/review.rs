//! `/api/v1/review`: the reviewers' queue of flags waiting for a second analyst.

use axum::Json;
use axum::extract::{RawQuery, State};
use tapis_wire::{ReviewItem, ReviewQueue};

use crate::AppState;
use crate::auth::{Flagger, Right};
use crate::domain::{Order, ReviewQuery};
use crate::error::AppError;

/// `GET /api/v1/review`: flags waiting for review, oldest first, without the reviewer's own (which another
/// reviewer must take) unless `own=include`, which lists them marked `own`.
pub(crate) async fn queue(
    State(state): State<AppState>,
    flagger: Flagger,
    RawQuery(query): RawQuery,
) -> Result<Json<ReviewQueue>, AppError> {
    flagger.require(Right::Review)?;
    let mut query = ReviewQuery::parse(query.as_deref())?;
    if !query.include_own {
        query.filter.not_filed_by = Some(flagger.clone());
    }
    let page = state.store().list_flags(&query.filter, Order::Oldest, query.cursor, query.limit).await?;
    let ids: Vec<_> = page.items.iter().map(|flag| flag.id).collect();
    let own = state.store().filed_by_person(&flagger.person, &ids).await?;
    let items = page.items.into_iter().map(|flag| ReviewItem { own: own.contains(&flag.id), flag }).collect();
    Ok(Json(ReviewQueue { items, next_cursor: page.next.map(|cursor| cursor.encode()) }))
}
