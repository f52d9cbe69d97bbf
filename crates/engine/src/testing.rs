//! Running the test cases that rules carry (`tests = [{ text = "…", matches = true }]`).

use crate::{Error, RulePack, RuleSet};

/// A rule's test case that did not come out as the rule says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TestFailure {
    /// Where the rule's pack came from.
    pub source_name: String,
    /// The rule's id.
    pub rule: String,
    /// Index of the test case in the rule's `tests`.
    pub test: usize,
    /// The test's text.
    pub text: String,
    /// Whether the rule should have matched.
    pub expected: bool,
    /// What the rule matched (slices of `text`); empty if nothing.
    pub found: Vec<String>,
}

impl std::fmt::Display for TestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule `{}`: tests[{}]: ", self.source_name, self.rule, self.test)?;
        if self.expected {
            write!(f, "expected a match in {:?}, found none", self.text)
        } else {
            write!(f, "expected no match in {:?}, found {:?}", self.text, self.found)
        }
    }
}

impl RuleSet {
    /// Runs the test cases of every rule of the set, each scanned as one message with the whole set, and returns
    /// those that failed.
    pub fn run_tests(&self) -> Vec<TestFailure> {
        let mut failures = Vec::new();
        for index in 0..self.len() {
            let (p, _) = self.rules[index];
            let rule = self.rule(index);
            for (i, test) in rule.tests.iter().enumerate() {
                let scan = self.scan_message(&test.text);
                let found: Vec<String> = scan
                    .matches
                    .iter()
                    .filter(|m| m.rule == index)
                    .map(|m| test.text.get(m.span.start..m.span.end).unwrap_or("").to_owned())
                    .collect();
                if found.is_empty() == test.matches {
                    failures.push(TestFailure {
                        source_name: self.packs[p].source_name.clone(),
                        rule: rule.id.clone(),
                        test: i,
                        text: test.text.clone(),
                        expected: test.matches,
                        found,
                    });
                }
            }
        }
        failures
    }
}

impl RulePack {
    /// Compiles this pack alone and runs its rules' test cases (see [`RuleSet::run_tests`]).
    pub fn run_tests(&self) -> Result<Vec<TestFailure>, Error> {
        Ok(RuleSet::new(vec![self.clone()])?.run_tests())
    }
}

#[cfg(test)]
mod tests {
    use crate::RulePack;

    #[test]
    fn failing_cases_are_reported_with_what_was_found() {
        let pack = RulePack::from_toml(
            "t.toml",
            r#"
            id = "t"
            version = "1"
            [[rule]]
            id = "slot"
            category = "perjudian"
            severity = "high"
            terms = ["slot"]
            unless = ["slot parkir"]
            tests = [
                { text = "SL0T gacor", matches = true },
                { text = "slot parkir penuh", matches = false },
                { text = "kami buka slot", matches = false },
                { text = "tidak ada apa-apa", matches = true },
            ]
            "#,
        )
        .unwrap();
        let failures = pack.run_tests().unwrap();
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert_eq!((failures[0].test, failures[0].found.clone()), (2, vec!["slot".to_owned()]));
        assert_eq!((failures[1].test, failures[1].expected), (3, true));
        assert_eq!(
            failures[0].to_string(),
            "t.toml: rule `slot`: tests[2]: expected no match in \"kami buka slot\", found [\"slot\"]"
        );
    }
}
