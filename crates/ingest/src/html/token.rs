//! A small HTML tokenizer and entity decoder: enough for the regular pages Telegram Desktop writes, and safe
//! on any other input (it never panics and never loops; malformed markup becomes text or is skipped).
//!
//! It knows tags, attributes, text, comments, doctypes and raw-text elements (`script`, `style`); it does not
//! build a tree, and it decodes only the named entities listed in [`NAMED`] plus all numeric ones.

use std::borrow::Cow;

/// One piece of an HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Text between tags, entities not yet decoded (see [`decode`]).
    Text(&'a str),
    /// An opening tag, its name in ASCII lowercase, its attributes decoded.
    Start { name: String, attributes: Vec<(String, Cow<'a, str>)>, self_closing: bool },
    /// A closing tag, its name in ASCII lowercase.
    End { name: String },
}

/// Splits a document into tokens.
pub(crate) struct Tokenizer<'a> {
    input: &'a str,
    at: usize,
    /// After `<script>` or `<style>`: the end tag to skip to.
    raw_until: Option<&'static str>,
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(input: &'a str) -> Tokenizer<'a> {
        Tokenizer { input, at: 0, raw_until: None }
    }

    fn rest(&self) -> &'a str {
        self.input.get(self.at..).unwrap_or("")
    }

    /// Moves past the next `needle` (or to the end).
    fn skip_past(&mut self, needle: &str) {
        self.at = match self.rest().find(needle) {
            Some(found) => self.at + found + needle.len(),
            None => self.input.len(),
        };
    }

    /// Reads a tag that starts at `self.at` with `<`; `None` if it is not one (then `<` is text).
    fn tag(&mut self) -> Option<Token<'a>> {
        let bytes = self.rest().as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_end = name_start
            + bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':')).count();
        let name = self.rest()[name_start..name_end].to_ascii_lowercase();
        let mut at = name_end;
        let mut attributes = Vec::new();
        let mut self_closing = false;
        loop {
            at += bytes[at..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            match bytes.get(at) {
                None => {
                    self.at = self.input.len();
                    return None;
                }
                Some(b'>') => {
                    at += 1;
                    break;
                }
                Some(b'/') => {
                    at += 1;
                    if bytes.get(at) == Some(&b'>') {
                        self_closing = true;
                        at += 1;
                        break;
                    }
                }
                Some(_) => {
                    let attribute_end = at
                        + bytes[at..]
                            .iter()
                            .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
                            .count();
                    let attribute = self.rest()[at..attribute_end].to_ascii_lowercase();
                    at = attribute_end.max(at + 1);
                    let after_space =
                        at + bytes[at.min(bytes.len())..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                    let value = if bytes.get(after_space) == Some(&b'=') {
                        at = after_space + 1;
                        at += bytes[at.min(bytes.len())..].iter().take_while(|b| b.is_ascii_whitespace()).count();
                        let (raw, end) = match bytes.get(at) {
                            Some(&quote @ (b'"' | b'\'')) => {
                                let start = at + 1;
                                let length =
                                    bytes[start.min(bytes.len())..].iter().take_while(|b| **b != quote).count();
                                (self.rest().get(start..start + length).unwrap_or(""), start + length + 1)
                            }
                            _ => {
                                let length = bytes[at.min(bytes.len())..]
                                    .iter()
                                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                                    .count();
                                (self.rest().get(at..at + length).unwrap_or(""), at + length)
                            }
                        };
                        at = end.min(bytes.len());
                        decode(raw)
                    } else {
                        Cow::Borrowed("")
                    };
                    if !attribute.is_empty() {
                        attributes.push((attribute, value));
                    }
                }
            }
        }
        self.at += at.min(bytes.len());
        if closing {
            return Some(Token::End { name });
        }
        if !self_closing {
            self.raw_until = match name.as_str() {
                "script" => Some("</script"),
                "style" => Some("</style"),
                _ => None,
            };
        }
        Some(Token::Start { name, attributes, self_closing })
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(end) = self.raw_until.take() {
                let rest = self.rest();
                let found = rest.as_bytes().windows(end.len()).position(|w| w.eq_ignore_ascii_case(end.as_bytes()));
                self.at = found.map_or(self.input.len(), |found| self.at + found);
            }
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let length = rest.find('<').unwrap_or(rest.len());
                self.at += length;
                return Some(Token::Text(&rest[..length]));
            }
            if rest.starts_with("<!--") {
                self.at += 4;
                self.skip_past("-->");
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                self.skip_past(">");
                continue;
            }
            let start = self.at;
            if let Some(token) = self.tag() {
                return Some(token);
            }
            if self.at == start {
                // Not a tag: the `<` is text.
                self.at += 1;
                return Some(Token::Text("<"));
            }
        }
    }
}

/// The named character references decoded: the exporter's own and the common typographic ones.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("sbquo", '‚'),
    ("bdquo", '„'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("times", '×'),
    ("divide", '÷'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("yen", '¥'),
    ("sect", '§'),
    ("para", '¶'),
    ("shy", '\u{ad}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
];

/// Decodes character references (`&amp;`, `&#233;`, `&#xE9;`, the names in [`NAMED`]); anything else that
/// starts with `&` stays as written. Borrows when there is nothing to decode.
pub(crate) fn decode(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `text` stands for, and the reference's length.
fn reference(text: &str) -> Option<(char, usize)> {
    let body = text.get(1..)?;
    let end = body.bytes().take(33).position(|b| b == b';')?;
    let name = &body[..end];
    let c = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => u32::from_str_radix(hex, 16),
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => number.parse(),
            _ => return None,
        };
        // Out of range, surrogates and NUL become U+FFFD, as browsers do.
        code.ok().filter(|code| *code != 0).and_then(char::from_u32).unwrap_or('\u{FFFD}')
    } else {
        NAMED.iter().find(|(known, _)| *known == name)?.1
    };
    Some((c, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attributes: &[(&str, &str)]) -> Token<'static> {
        Token::Start {
            name: name.to_owned(),
            attributes: attributes.iter().map(|(k, v)| ((*k).to_owned(), Cow::Owned((*v).to_owned()))).collect(),
            self_closing: false,
        }
    }

    #[test]
    fn tokenizes_the_exporters_markup() {
        let html = "<!DOCTYPE html>\n<div class=\"message default\" id=\"message7\"><!-- x -->A &amp; B<br>\
                    <a href = \"https://t.me/x\" onclick=\"return GoToMessage(7)\">@x</a></DIV>";
        let tokens: Vec<_> = Tokenizer::new(html).collect();
        assert_eq!(
            tokens,
            vec![
                Token::Text("\n"),
                start("div", &[("class", "message default"), ("id", "message7")]),
                Token::Text("A &amp; B"),
                start("br", &[]),
                start("a", &[("href", "https://t.me/x"), ("onclick", "return GoToMessage(7)")]),
                Token::Text("@x"),
                Token::End { name: "a".into() },
                Token::End { name: "div".into() },
            ]
        );
    }

    #[test]
    fn skips_scripts_and_survives_broken_markup() {
        let tokens: Vec<_> = Tokenizer::new("<script>if (a<b) {}</script>x").collect();
        assert_eq!(tokens, vec![start("script", &[]), Token::End { name: "script".into() }, Token::Text("x")]);
        let tokens: Vec<_> = Tokenizer::new("a < b <3 <").collect();
        assert_eq!(tokens.concat_text(), "a < b <3 <");
        for broken in ["<div class=\"x", "<div", "<", "<!--", "<a href=x>", "</", "<p/ x='é>", "<é>"] {
            let _ = Tokenizer::new(broken).count();
        }
        let tokens: Vec<_> = Tokenizer::new("<img src=a.png/><br/>").collect();
        assert!(matches!(&tokens[1], Token::Start { name, self_closing: true, .. } if name == "br"));
    }

    trait ConcatText {
        fn concat_text(&self) -> String;
    }

    impl ConcatText for Vec<Token<'_>> {
        fn concat_text(&self) -> String {
            self.iter().filter_map(|t| if let Token::Text(t) = t { Some(*t) } else { None }).collect()
        }
    }

    /// Each row: raw text, and what it decodes to.
    #[test]
    fn decodes_references() {
        let rows: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", "a & b <c> \"d\" 'e'"),
            ("&laquo;judul&raquo;", "«judul»"),
            ("&#233;&#xE9;&#x1F600;", "éé😀"),
            ("&#x0B;", "\u{0B}"),
            ("&#0;&#xD800;&#x110000;", "\u{FFFD}\u{FFFD}\u{FFFD}"),
            ("AT&T &unknown; &#; &#x; &", "AT&T &unknown; &#; &#x; &"),
            ("&amp", "&amp"),
        ];
        for (raw, wanted) in rows {
            assert_eq!(decode(raw), *wanted, "{raw}");
        }
    }
}
