//! `Fn::ForEach` expansion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn eval_with(text: &str, parameters: &Parameters) -> (SourceFile, Evaluated) {
    let file = SourceFile::new("stack.yaml".into(), "stack.yaml".into(), text.into());
    let doc = crate::parse::yaml::parse(&file).unwrap();
    let out = evaluate(0, &file, &doc, parameters);
    (file, out)
}

fn ids(out: &Evaluated) -> Vec<&str> {
    let mut ids: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    ids.sort_unstable();
    ids
}

fn property<'a>(out: &'a Evaluated, id: &str, name: &str) -> &'a Value {
    let r = out.resources.iter().find(|r| r.address == id).unwrap_or_else(|| panic!("no {id}"));
    r.attrs.get("Properties").and_then(|p| p.get(name)).unwrap_or_else(|| panic!("no {name} in {id}"))
}

const TEMPLATE: &str = r"Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: 'logs, data-lake'
  Unset:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::Buckets:
    - Name
    - !Ref Names
    - Bucket&{Name}:
        Type: AWS::S3::Bucket
        Properties:
          BucketName: !Sub 'acme-${Name}-${AWS::Region}'
          Tags: [{Key: Name, Value: !Ref Name}]
  Fn::ForEach::Tables:
    - Table
    - [Points, Score]
    - Fn::ForEach::Envs:
        - Env
        - [dev, prod]
        - ${Table}${Env}:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: !Sub '${Table}-${Env}'
  Fn::ForEach::Queues:
    - Q
    - !Ref Unset
    - Queue${Q}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Ref Q
  Plain:
    Type: AWS::SNS::Topic
";

#[test]
fn for_each_expands_lists_parameters_and_nested_loops() {
    let (file, out) = eval_with(TEMPLATE, &Parameters::new());
    // `&{Name}` drops what is not alphanumeric; nothing is capitalised.
    assert_eq!(
        ids(&out),
        [
            "Bucketdatalake",
            "Bucketlogs",
            "Plain",
            "Pointsdev",
            "Pointsprod",
            "Queue${Q}",
            "Scoredev",
            "Scoreprod"
        ]
    );
    // The identifier is replaced in Ref and Fn::Sub; other Sub variables are left to evaluation.
    assert_eq!(
        property(&out, "Bucketdatalake", "Tags").as_list().unwrap()[0].get("Value").unwrap().as_str(),
        Some("data-lake")
    );
    let name = property(&out, "Bucketlogs", "BucketName");
    assert!(name.as_unknown().is_some_and(|u| u.reason.contains("AWS::Region")), "{name}");
    assert_eq!(property(&out, "Scoreprod", "TableName").as_str(), Some("Score-prod"));
    // Generated resources point at the output's lines.
    let r = out.resources.iter().find(|r| r.address == "Pointsdev").unwrap();
    assert_eq!(file.line_col(r.head.start as usize).line, 23);
    // An unknown collection: one resource, its identifier unknown, never guessed.
    let q = property(&out, "Queue${Q}", "QueueName");
    assert!(q.as_unknown().is_some_and(|u| u.reason.contains("parameter Unset has no value")), "{q}");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn for_each_parameters_from_the_command_line_and_malformed_loops() {
    let params: Parameters = [("Names".to_string(), "one".to_string())].into();
    let (_, out) = eval_with(TEMPLATE, &params);
    assert!(ids(&out).contains(&"Bucketone") && !ids(&out).contains(&"Bucketlogs"));

    let bad = "Resources:\n  Fn::ForEach::X:\n    - only-two\n    - [a]\n  Ok:\n    Type: AWS::SNS::Topic\n";
    let (_, out) = eval_with(bad, &Parameters::new());
    assert_eq!(ids(&out), ["Ok"]);
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("Fn::ForEach::X must be a list"), "{:?}", out.diagnostics);
    assert_eq!(out.diagnostics[0].line, Some(2));
}
