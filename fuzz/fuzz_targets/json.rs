//! JSON parser, then the CloudFormation evaluator when the text parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use palisade::source::SourceFile;

fuzz_target!(|text: &str| {
    let file = SourceFile::new("t.json".into(), "t.json".into(), text.into());
    if let Ok(doc) = palisade::parse::json::parse(&file) {
        let params = palisade::eval::cloudformation::Parameters::default();
        let _ = palisade::eval::cloudformation::evaluate(0, &file, &doc, &params);
    }
});
