//! Where the active rules apply: what is rendered inside sees them as [`Rules`], and is rendered afresh when they
//! change (a pack or rule switched, a pack imported), so that every highlight and explanation follows without a
//! reload. The state it shows (the paste, the decisions, the imports) lives above it and is kept.

use leptos::prelude::*;

use super::{ActiveRules, Rules};

/// Renders `children` with [`Rules`] set to the [`ActiveRules`], again whenever they change.
#[component]
pub fn RulesScope(children: ChildrenFn) -> impl IntoView {
    let active = expect_context::<ActiveRules>().0;
    move || {
        provide_context(Rules(active.get()));
        children()
    }
}
