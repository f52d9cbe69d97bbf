//! Signals: what about a match points at promotion, in words an analyst reads (`satu kata bergaya di kalimat
//! biasa`, `nama dieja terpisah`), derived from what the match already records (its kind, its folds, its disguise)
//! and from its rule. The app and `tapis scan` name them; the engine decides which fired.

use crate::{Fold, Match, MatchKind, Rule};

/// One reason a match stands out, beyond the term or pattern it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Signal {
    /// A disguised word in a message otherwise written plainly (a rule with `standout`): `Salut, 𝙆𝙀𝙇𝙐𝘿𝘼𝙍𝙄 selalu
    /// on time!`.
    StandoutWord,
    /// A name followed by a number, as gambling sites are named (`brand_numbers`): `kuda69`, `KELUDARI 17`.
    BrandShaped,
    /// Letters spread out or glued with symbols: `P U L A U M A S`, `KELUDARI⭐17`, `[M][E][G][A]`.
    SpelledOut,
    /// Styled letters: mathematical, fullwidth, circled or squared letters, lines drawn over letters.
    StyledLetters,
    /// Several alphabets inside one word, or styled letters among plain ones: `𝐝ax69`, `𝘋𝘖𝑅𝐀`.
    MixedStyles,
    /// Look-alike letters of another script inside a Latin word: `slоt` with a Cyrillic `о`.
    MixedScripts,
    /// Digits or symbols standing for letters: `G4C0R`, `m4xw1n`.
    Leetspeak,
    /// A number written in words or digit by digit: `Badai Tujuh Tujuh`, `zeus 1 3 8`.
    NumberInWords,
}

impl Signal {
    /// Every signal, in the order they are reported.
    pub const ALL: [Signal; 8] = [
        Signal::StandoutWord,
        Signal::BrandShaped,
        Signal::SpelledOut,
        Signal::StyledLetters,
        Signal::MixedStyles,
        Signal::MixedScripts,
        Signal::Leetspeak,
        Signal::NumberInWords,
    ];

    /// A stable name, for JSON and tests: `standout-word`, `brand-shaped`…
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::StandoutWord => "standout-word",
            Signal::BrandShaped => "brand-shaped",
            Signal::SpelledOut => "spelled-out",
            Signal::StyledLetters => "styled-letters",
            Signal::MixedStyles => "mixed-styles",
            Signal::MixedScripts => "mixed-scripts",
            Signal::Leetspeak => "leetspeak",
            Signal::NumberInWords => "number-in-words",
        }
    }

    /// The signals that fired for `m`, a match of `rule`.
    pub fn of(m: &Match, rule: &Rule) -> Vec<Signal> {
        let d = &m.disguise;
        Signal::ALL
            .into_iter()
            .filter(|s| match s {
                Signal::StandoutWord => m.kind == MatchKind::DisguisedWord && rule.standout,
                Signal::BrandShaped => m.kind == MatchKind::Brand,
                Signal::SpelledOut => d.spaced > 0 || m.folds.contains(Fold::Separator),
                Signal::StyledLetters => d.styled > 0 && d.mixed_styles == 0,
                Signal::MixedStyles => d.mixed_styles > 0,
                Signal::MixedScripts => d.mixed_words > 0,
                Signal::Leetspeak => m.folds.contains(Fold::Leet),
                Signal::NumberInWords => m.folds.contains(Fold::NumberWord),
            })
            .collect()
    }
}
