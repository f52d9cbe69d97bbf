//! Writes the RGB8 pixels tapis-media's decoder produces, so that the reference can hash exactly those pixels
//! (see `tests/vectors/make_vectors.py`): `dump_rgb IN OUT` writes OUT (raw RGB8, row-major) and prints
//! `WIDTH HEIGHT`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: dump_rgb IN OUT");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).unwrap_or_else(|e| panic!("{input}: {e}"));
    let image = tapis_media::decode_rgb(&bytes).unwrap_or_else(|e| panic!("{input}: {e}"));
    std::fs::write(output, &image.rgb).unwrap_or_else(|e| panic!("{output}: {e}"));
    println!("{} {}", image.width, image.height);
}
