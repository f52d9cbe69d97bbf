// Shared by build.rs and the built-in packs' test (which checks that nothing but the tests goes).

/// The pack without comments and without its rules' `tests`.
pub fn without_tests(text: &str, path: &std::path::Path) -> String {
    let mut pack: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Some(toml::Value::Array(rules)) = pack.get_mut("rule") {
        for rule in rules.iter_mut().filter_map(toml::Value::as_table_mut) {
            rule.remove("tests");
        }
    }
    toml::to_string(&pack).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
