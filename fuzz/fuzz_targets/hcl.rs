//! HCL parser, then the Terraform evaluator with the file as a root module when the text parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::eval::terraform;
use palisade::source::SourceFile;

fuzz_target!(|text: &str| {
    let files = [SourceFile::new("main.tf".into(), "main.tf".into(), text.into())];
    if let Ok(body) = palisade::parse::terraform::parse(&files[0]) {
        let parsed = [terraform::ParsedFile { file: 0, body, spans: None }];
        let _ = terraform::evaluate(&files, &parsed, &terraform::Options::default());
    }
});
