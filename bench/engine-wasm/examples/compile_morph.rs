//! Compiles the generated pack with `morphology = "id"` N times (default 5), for profiling the compile:
//!
//! ```text
//! cargo run --release -p tapis-bench-wasm --example compile_morph [N]
//! ```

use std::time::Instant;

use tapis_bench_wasm::compile;
use tapis_bench_wasm::corpus::Corpus;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let pack = Corpus::new().pack(true);
    for _ in 0..n {
        let started = Instant::now();
        compile(&pack).expect("the generated pack compiles");
        println!("compile with morphology: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    }
}
