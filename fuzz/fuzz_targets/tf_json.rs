//! Terraform JSON syntax: the rewrite into native syntax, then the Terraform evaluator when it parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::eval::terraform;
use palisade::source::SourceFile;

fuzz_target!(|text: &str| {
    let files = [SourceFile::new("main.tf.json".into(), "main.tf.json".into(), text.into())];
    if let Ok(r) = palisade::parse::terraform_json::parse(&files[0], false) {
        let parsed = [terraform::ParsedFile { file: 0, body: r.body, spans: Some(r.spans) }];
        let _ = terraform::evaluate(&files, &parsed, &terraform::Options::default());
    }
});
