//! AFL fuzz target: any bytes through `sitrep import`'s recognisers,
//! splitters and renderer, and every rendered file back through the
//! front-matter parser. Build with `cargo afl build`, run with
//! `cargo afl fuzz -i in -o out target/debug/import_text`.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Err(e) = sitrep::import::selfcheck::check(data) {
            panic!("{e}");
        }
    });
}
