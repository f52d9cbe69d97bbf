//! Compiles the generated pack with `morphology = "id"` N times (default 5), for profiling the compile:
//!
//! ```text
//! cargo run --release -p tapis-bench-wasm --example compile_morph [N]
//! ```

use std::time::Instant;

use tapis_bench_wasm::compile;
use tapis_bench_wasm::corpus::Corpus;

/// This thread's CPU time in nanoseconds (Linux), which a busy shared machine does not distort.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let pack = Corpus::new().pack(true);
    for _ in 0..n {
        let (started, cpu) = (Instant::now(), cpu_ns());
        compile(&pack).expect("the generated pack compiles");
        let wall = started.elapsed().as_secs_f64() * 1e3;
        match cpu.zip(cpu_ns()) {
            Some((a, b)) => {
                println!("compile with morphology: {wall:.1} ms ({:.1} ms of CPU time)", (b - a) as f64 / 1e6)
            }
            None => println!("compile with morphology: {wall:.1} ms"),
        }
    }
}
