//! Embeds this repository's original exercises in the binary, so `mtlings reset` works
//! without git and even after a learner has overwritten every file.

use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exercises = root.join("exercises");
    println!("cargo::rerun-if-changed=exercises");
    println!("cargo::rerun-if-changed=info.toml");
    let mut files = Vec::new();
    collect(&exercises, &exercises, &mut files);
    let mut code = String::from("/// Original exercise files, by path below `exercises/`.\n");
    code.push_str("pub static EXERCISES: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = exercises.join(rel);
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let info = root.join("info.toml");
    if info.is_file() {
        writeln!(
            code,
            "/// The bundled workbook's info.toml.\npub static INFO: &str = include_str!({:?});",
            info.to_string_lossy()
        )
        .unwrap();
    } else {
        code.push_str("/// The bundled workbook's info.toml.\npub static INFO: &str = \"\";\n");
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
