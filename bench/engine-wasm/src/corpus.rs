//! The benchmark's input: 10,000 Indonesian-like terms as one pack, and dense Indonesian-like text in which about
//! one word in fifty is a term. Deterministic, so that the native run, the wasm run and the JavaScript baseline
//! scan byte for byte the same text and must agree on the number of matches.

/// Number of terms in the generated pack.
pub const TERMS: usize = 10_000;

/// Terms per rule of the generated pack.
const TERMS_PER_RULE: usize = 100;

/// A small deterministic generator (xorshift64*), so that runs are comparable (also the links benchmark's).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ONSETS: &[&str] = &["b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ng", "ny", "st"];
const VOWELS: &[&str] = &["a", "i", "u", "e", "o", "a", "i", "a"];
const CODAS: &[&str] = &["", "", "", "n", "ng", "r", "k", "t", "s", "h", "l"];

/// A word of two or three Indonesian-like syllables.
fn word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(2);
    let mut w = String::new();
    for _ in 0..syllables {
        w += ONSETS[rng.below(ONSETS.len())];
        w += VOWELS[rng.below(VOWELS.len())];
        w += CODAS[rng.below(CODAS.len())];
    }
    w
}

/// The generated terms (a quarter of them two-word phrases) and the other words of the text.
pub struct Corpus {
    /// The pack's terms, distinct.
    pub terms: Vec<String>,
    vocabulary: Vec<String>,
}

impl Default for Corpus {
    fn default() -> Corpus {
        Corpus::new()
    }
}

impl Corpus {
    /// Generates the terms and the vocabulary (always the same).
    pub fn new() -> Corpus {
        let mut rng = Rng(0x7A91_5EED);
        let mut terms = Vec::with_capacity(TERMS);
        let mut seen = std::collections::HashSet::new();
        while terms.len() < TERMS {
            let t = if rng.below(4) == 0 { format!("{} {}", word(&mut rng), word(&mut rng)) } else { word(&mut rng) };
            if seen.insert(t.clone()) {
                terms.push(t);
            }
        }
        let vocabulary = (0..5_000).map(|_| word(&mut rng)).filter(|w| !seen.contains(w)).collect();
        Corpus { terms, vocabulary }
    }

    /// The terms as a pack in TOML: rules of 100 terms each, all of them with `morphology = "id"` if asked.
    pub fn pack(&self, morphology: bool) -> String {
        let mut toml = String::from("id = \"bench\"\nversion = \"1\"\n");
        for (r, chunk) in self.terms.chunks(TERMS_PER_RULE).enumerate() {
            toml += &format!("[[rule]]\nid = \"r{r}\"\ncategory = \"c\"\nseverity = \"high\"\nterms = {chunk:?}\n");
            if morphology {
                toml += "morphology = \"id\"\n";
            }
        }
        toml
    }

    /// About `bytes` of text from `seed`: sentences of 9 to 18 words, about one word in fifty a term; with
    /// `disguise`, one word in twenty written in leetspeak, spelled out with dots, or with a tripled letter.
    pub fn text(&self, seed: u64, bytes: usize, disguise: bool) -> String {
        let mut rng = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut out = String::with_capacity(bytes + 64);
        let mut sentence = 0;
        while out.len() < bytes {
            let mut w = if rng.below(50) == 0 {
                self.terms[rng.below(self.terms.len())].clone()
            } else {
                self.vocabulary[rng.below(self.vocabulary.len())].clone()
            };
            if sentence == 0 {
                w[..1].make_ascii_uppercase();
            }
            if disguise && rng.below(20) == 0 {
                w = match rng.below(3) {
                    0 => w.replace('o', "0").replace('a', "4"),
                    1 => w.chars().map(String::from).collect::<Vec<_>>().join("."),
                    _ => w.replacen('a', "aaa", 1),
                };
            }
            out += &w;
            sentence += 1;
            if sentence > 8 + rng.below(10) {
                out += if rng.below(4) == 0 { ".\n" } else { ". " };
                sentence = 0;
            } else {
                out += if rng.below(12) == 0 { ", " } else { " " };
            }
        }
        out
    }
}

/// The text cut into messages, one per line, as the benchmark scans them.
pub fn messages(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_deterministic_and_has_what_it_says() {
        let (a, b) = (Corpus::new(), Corpus::new());
        assert_eq!(a.terms.len(), TERMS);
        assert_eq!(a.terms, b.terms);
        let text = a.text(1, 100_000, false);
        assert_eq!(text, b.text(1, 100_000, false));
        assert_ne!(text, a.text(2, 100_000, false));
        assert!(text.len() >= 100_000 && text.is_ascii());
        assert!(a.pack(false).matches("[[rule]]").count() == TERMS / TERMS_PER_RULE);
    }
}
