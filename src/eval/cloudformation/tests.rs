#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::diag::DiagLevel;

fn source(text: &str) -> SourceFile {
    SourceFile::new("stack.yaml".into(), "stack.yaml".into(), text.into())
}

fn eval_with(text: &str, parameters: &Parameters) -> (SourceFile, Evaluated) {
    let file = source(text);
    let doc = crate::parse::yaml::parse(&file).unwrap();
    assert!(is_template(&doc));
    let out = evaluate(3, &file, &doc, parameters);
    (file, out)
}

fn eval(text: &str) -> (SourceFile, Evaluated) {
    eval_with(text, &Parameters::new())
}

fn resource<'a>(out: &'a Evaluated, id: &str) -> &'a Resource {
    out.resources.iter().find(|r| r.address == id).unwrap_or_else(|| panic!("no resource {id}"))
}

fn prop<'a>(r: &'a Resource, name: &str) -> &'a Value {
    r.attrs.get("Properties").and_then(|p| p.get(name)).unwrap_or_else(|| panic!("no property {name}"))
}

fn unknown_reason(v: &Value) -> String {
    v.as_unknown().unwrap_or_else(|| panic!("not unknown: {v}")).reason.to_string()
}

const NETWORK: &str = r"AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: prod
  SshCidr:
    Type: String
  Port:
    Type: Number
    Default: 22
  Subnets:
    Type: CommaDelimitedList
    Default: 'subnet-1, subnet-2'
  LatestAmi:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
Mappings:
  RegionMap:
    us-east-1:
      Ami: ami-0abc
  EnvConfig:
    prod:
      Size: t3.large
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  HasSsh: !Not [!Equals [!Ref SshCidr, '']]
  ProdWithSsh: !And [!Condition IsProd, !Condition HasSsh]
  ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  WebSg:
    Type: AWS::EC2::SecurityGroup
    DependsOn: [Vpc, Missing]
    Properties:
      GroupDescription: !Sub 'web ${Env} on ${AWS::Region}'
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: !Ref Port
          ToPort: !Ref Port
          CidrIp: !If [IsProd, 10.0.0.0/8, 0.0.0.0/0]
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref SshCidr
          SourceSecurityGroupId: !GetAtt LbSg.GroupId
      Tags:
        - Key: Name
          Value: !Join ['-', [!Ref Env, web]]
        - !If [IsDev, {Key: Dev, Value: 'yes'}, !Ref AWS::NoValue]
  LbSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: lb
      VpcId: !Ref Vpc
  DevBucket:
    Type: AWS::S3::Bucket
    Condition: IsDev
  Instance:
    Type: AWS::EC2::Instance
    Condition: HasSsh
    DeletionPolicy: Retain
    Properties:
      ImageId: !FindInMap [RegionMap, us-east-1, Ami]
      InstanceType: !FindInMap [EnvConfig, !Ref Env, Size]
      KeyName: !If [HasSsh, admin, admin]
      Monitoring: !If [ProdWithSsh, true, false]
      SubnetId: !Select [1, !Ref Subnets]
      AvailabilityZone: !Select [0, !GetAZs '']
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          echo ${Env} > /etc/env
          echo ${!NotAVariable}
      SecurityGroupIds:
        - !GetAtt WebSg.GroupId
      LaunchTemplate: !Ref LatestAmi
";

#[test]
fn parameters_defaults_conditions_and_not_created_resources() {
    let (_, out) = eval(NETWORK);
    let ids: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    // DevBucket's condition is known false; Instance's is unknown (SshCidr has no value), so it stays,
    // once per branch of the unknown condition its Monitoring depends on.
    assert_eq!(ids, ["Vpc", "WebSg", "LbSg", "Instance", "Instance"]);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);

    let sg = resource(&out, "WebSg");
    assert_eq!(sg.rtype, "AWS::EC2::SecurityGroup");
    assert_eq!(sg.file, 3);
    assert!(sg.attrs.get("Type").is_none());
    assert_eq!(
        unknown_reason(prop(sg, "GroupDescription")),
        "pseudo parameter AWS::Region is known at deploy time"
    );
    let ingress = prop(sg, "SecurityGroupIngress").as_list().unwrap();
    assert_eq!(ingress[0].get("FromPort").unwrap().kind, Kind::Number(22.0));
    assert_eq!(ingress[0].get("CidrIp").unwrap().as_str(), Some("10.0.0.0/8"));
    assert_eq!(unknown_reason(ingress[1].get("CidrIp").unwrap()), "parameter SshCidr has no value");
    let tags = prop(sg, "Tags").as_list().unwrap();
    // The NoValue branch of the Fn::If removed the second tag.
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].get("Value").unwrap().as_str(), Some("prod-web"));

    let instance = resource(&out, "Instance");
    assert_eq!(instance.attrs.get("DeletionPolicy").unwrap().as_str(), Some("Retain"));
    assert_eq!(instance.attrs.get("Condition").unwrap().as_str(), Some("HasSsh"));
    assert_eq!(prop(instance, "ImageId").as_str(), Some("ami-0abc"));
    assert_eq!(prop(instance, "InstanceType").as_str(), Some("t3.large"));
    // Unknown condition, equal branches: the value does not depend on it.
    assert_eq!(prop(instance, "KeyName").as_str(), Some("admin"));
    assert_eq!(instance.assumptions, ["ProdWithSsh is false"]);
    assert_eq!(prop(instance, "Monitoring").kind, Kind::Bool(false));
    let other = out.resources.iter().rfind(|r| r.address == "Instance").unwrap();
    assert_eq!(other.assumptions, ["ProdWithSsh is true"]);
    assert_eq!(prop(other, "Monitoring").kind, Kind::Bool(true));
    assert_eq!(prop(instance, "SubnetId").as_str(), Some("subnet-2"));
    assert_eq!(unknown_reason(prop(instance, "AvailabilityZone")), "Fn::GetAZs is resolved at deploy time");
    assert_eq!(
        prop(instance, "UserData").as_str(),
        Some("#!/bin/bash\necho prod > /etc/env\necho ${NotAVariable}\n")
    );
    assert!(unknown_reason(prop(instance, "LaunchTemplate")).contains("SSM"));
}

#[test]
fn references_record_the_attribute_path() {
    let (file, out) = eval(NETWORK);
    let sg = resource(&out, "WebSg");
    let refs: Vec<(&str, &str)> = sg.refs.iter().map(|r| (r.via.as_str(), r.target.as_str())).collect();
    assert_eq!(
        refs,
        [
            ("DependsOn", "Vpc"),
            ("Properties.VpcId", "Vpc"),
            ("Properties.SecurityGroupIngress.SourceSecurityGroupId", "LbSg")
        ]
    );
    let vpc_ref = &sg.refs[1];
    assert_eq!(&file.text[vpc_ref.span.range()], "!Ref Vpc");
    assert_eq!(unknown_reason(prop(sg, "VpcId")), "Ref to resource Vpc");

    let instance = resource(&out, "Instance");
    let refs: Vec<(&str, &str)> = instance.refs.iter().map(|r| (r.via.as_str(), r.target.as_str())).collect();
    assert_eq!(refs, [("Properties.SecurityGroupIds", "WebSg")]);
}

#[test]
fn spans_point_into_the_resource() {
    let (file, out) = eval(NETWORK);
    let sg = resource(&out, "WebSg");
    assert_eq!(&file.text[sg.head.range()], "WebSg");
    assert!(file.text[sg.span.range()].starts_with("WebSg:\n    Type:"));
    assert!(file.text[sg.span.range()].ends_with("!Ref AWS::NoValue]"));
    // A parameter's value points at the Ref that used it, not at the Parameters section.
    let from_port = prop(sg, "SecurityGroupIngress").as_list().unwrap()[0].get("FromPort").unwrap();
    assert_eq!(&file.text[from_port.span.range()], "!Ref Port");
    let image = prop(resource(&out, "Instance"), "ImageId");
    assert_eq!(&file.text[image.span.range()], "!FindInMap [RegionMap, us-east-1, Ami]");
    let line = file.line_col(sg.head.start as usize).line;
    assert_eq!(file.line_text(line).trim(), "WebSg:");
}

#[test]
fn command_line_parameters_override_defaults() {
    let mut given = Parameters::new();
    given.insert("Env".into(), "dev".into());
    given.insert("SshCidr".into(), "203.0.113.0/24".into());
    given.insert("Subnets".into(), "subnet-a,subnet-b,subnet-c".into());
    given.insert("LatestAmi".into(), "/my/ami".into());
    let (_, out) = eval_with(NETWORK, &given);
    let ids: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(ids, ["Vpc", "WebSg", "LbSg", "DevBucket", "Instance"]);
    let sg = resource(&out, "WebSg");
    let ingress = prop(sg, "SecurityGroupIngress").as_list().unwrap();
    assert_eq!(ingress[0].get("CidrIp").unwrap().as_str(), Some("0.0.0.0/0"));
    assert_eq!(ingress[1].get("CidrIp").unwrap().as_str(), Some("203.0.113.0/24"));
    let tags = prop(sg, "Tags").as_list().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].get("Key").unwrap().as_str(), Some("Dev"));
    let instance = resource(&out, "Instance");
    assert_eq!(prop(instance, "Monitoring").kind, Kind::Bool(false));
    assert_eq!(prop(instance, "SubnetId").as_str(), Some("subnet-b"));
    assert_eq!(
        unknown_reason(prop(instance, "InstanceType")),
        "Fn::FindInMap has no entry EnvConfig/dev/Size"
    );
    assert!(unknown_reason(prop(instance, "LaunchTemplate")).contains("SSM"));
}

#[test]
fn sub_forms_and_references() {
    let text = r"Resources:
  Logs:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      Description: !Sub
        - 'logs for ${Name} in ${Stage}'
        - Name: app
          Stage: !Join ['', [p, r, o, d]]
      Literal: !Sub 'cost ${!Total} is ${Missing'
      PolicyDocument:
        Statement:
          - Effect: Allow
            Resource: !Sub 'arn:aws:s3:::${Logs}/*'
            Condition:
              Bool: {aws:SecureTransport: 'false'}
          - Resource: !Sub '${Logs.Arn}/*'
";
    let (_, out) = eval(text);
    let policy = resource(&out, "Policy");
    assert_eq!(prop(policy, "Description").as_str(), Some("logs for app in prod"));
    assert_eq!(prop(policy, "Literal").as_str(), Some("cost ${Total} is ${Missing"));
    let statements = prop(policy, "PolicyDocument").get("Statement").unwrap().as_list().unwrap();
    assert_eq!(unknown_reason(statements[0].get("Resource").unwrap()), "Ref to resource Logs");
    // An IAM `Condition` map is data, not the Condition intrinsic.
    assert_eq!(
        statements[0]
            .get("Condition")
            .unwrap()
            .get("Bool")
            .unwrap()
            .get("aws:SecureTransport")
            .unwrap()
            .as_str(),
        Some("false")
    );
    assert!(unknown_reason(statements[1].get("Resource").unwrap()).contains("Logs.Arn"));
    let refs: Vec<(&str, &str)> = policy.refs.iter().map(|r| (r.via.as_str(), r.target.as_str())).collect();
    assert_eq!(
        refs,
        [
            ("Properties.Bucket", "Logs"),
            ("Properties.PolicyDocument.Statement.Resource", "Logs"),
            ("Properties.PolicyDocument.Statement.Resource", "Logs"),
        ]
    );
}

#[test]
fn unusable_types_and_shapes_are_diagnosed_not_fatal() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Module:
    Type: !Rain::Module
      Source: ./bucket.yaml
  NoType:
    Properties: {}
  Scalar: just text
  Queue:
    Type: AWS::SQS::Queue
    Properties: {DelaySeconds: 5}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Select [5, [a, b]]
      DisplayName: !Join [',', !Ref Nowhere]
      KmsMasterKeyId: !Ref AWS::NoValue
      Weird: {Fn::Unheard: 1}
";
    let (_, out) = eval(text);
    let ids: Vec<&str> = out.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(ids, ["Queue", "Topic"]);
    let messages: Vec<String> = out.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "stack.yaml:3:3: resource Queue is declared again later; this declaration is ignored",
            "stack.yaml:5:3: resource Module has a Type that is not a string; skipped",
            "stack.yaml:8:3: resource NoType has no Type; skipped",
            "stack.yaml:10:3: resource Scalar is not a map; skipped",
        ]
    );
    assert!(out.diagnostics.iter().all(|d| d.level == DiagLevel::Warning));
    assert_eq!(prop(resource(&out, "Queue"), "DelaySeconds").kind, Kind::Number(5.0));
    let topic = resource(&out, "Topic");
    assert_eq!(unknown_reason(prop(topic, "TopicName")), "Fn::Select index 5 is out of range");
    assert_eq!(unknown_reason(prop(topic, "DisplayName")), "Ref to Nowhere, which is not declared");
    assert!(topic.attrs.get("Properties").unwrap().get("KmsMasterKeyId").is_none());
    assert_eq!(unknown_reason(prop(topic, "Weird")), "Fn::Unheard is not supported here");

    let file = source("Resources: [a]\n");
    let doc = crate::parse::yaml::parse(&file).unwrap();
    let out = evaluate(0, &file, &doc, &Parameters::new());
    assert!(out.resources.is_empty());
    assert_eq!(out.diagnostics.len(), 1);
}

#[test]
fn json_templates_evaluate_the_same_way() {
    let text = r#"{
  "Parameters": {"Public": {"Type": "String", "Default": "false"}},
  "Conditions": {"IsPublic": {"Fn::Equals": [{"Ref": "Public"}, "true"]}},
  "Resources": {
    "Site": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "PublicAccessBlockConfiguration": {
          "BlockPublicAcls": {"Fn::If": ["IsPublic", false, true]}
        },
        "BucketName": {"Fn::Join": ["-", ["site", {"Fn::Select": [0, {"Fn::Split": [".", "a.b"]}]}]]},
        "Count": {"Fn::Length": [1, 2, 3]},
        "Json": {"Fn::ToJsonString": {"a": [1, "b"]}}
      }
    }
  }
}"#;
    let file = SourceFile::new("s.json".into(), "s.json".into(), text.into());
    let doc = crate::parse::json::parse(&file).unwrap();
    assert!(is_template(&doc));
    let out = evaluate(0, &file, &doc, &Parameters::new());
    let site = resource(&out, "Site");
    let block = prop(site, "PublicAccessBlockConfiguration").get("BlockPublicAcls").unwrap();
    assert_eq!(block.kind, Kind::Bool(true));
    assert_eq!(prop(site, "BucketName").as_str(), Some("site-a"));
    assert_eq!(prop(site, "Count").kind, Kind::Number(3.0));
    assert_eq!(prop(site, "Json").as_str(), Some(r#"{"a":[1.0,"b"]}"#));
}

#[test]
fn detects_templates() {
    let yaml = |t: &str| crate::parse::yaml::parse(&source(t)).unwrap();
    assert!(is_template(&yaml("AWSTemplateFormatVersion: '2010-09-09'\n")));
    assert!(is_template(&yaml("Resources:\n  F:\n    Type: AWS::Serverless::Function\n")));
    assert!(is_template(&yaml("Resources:\n  F:\n    Type: Custom::Thing\n")));
    assert!(!is_template(&yaml("Resources:\n  F:\n    Type: thing\n")));
    assert!(!is_template(&yaml("name: ci\non: push\n")));
    assert!(!is_template(&yaml("- a\n")));
}

#[test]
fn loads_parameters_in_both_forms() {
    let cli = r#"[{"ParameterKey": "Env", "ParameterValue": "prod"},
                  {"ParameterKey": "Port", "ParameterValue": 443},
                  {"ParameterKey": "Old", "UsePreviousValue": true}]"#;
    let p = load_parameters(cli).unwrap();
    assert_eq!(p.get("Env").map(String::as_str), Some("prod"));
    assert_eq!(p.get("Port").map(String::as_str), Some("443"));
    assert!(!p.contains_key("Old"));

    let plain = r#"{"Env": "dev", "Subnets": ["subnet-1", "subnet-2"], "Debug": true}"#;
    let p = load_parameters(plain).unwrap();
    assert_eq!(p.get("Env").map(String::as_str), Some("dev"));
    assert_eq!(p.get("Subnets").map(String::as_str), Some("subnet-1,subnet-2"));
    assert_eq!(p.get("Debug").map(String::as_str), Some("true"));

    assert!(load_parameters("[{\"Key\": 1}]").is_err());
    assert!(load_parameters("\"x\"").is_err());
    assert!(load_parameters("{").is_err());
    assert!(load_parameters(r#"{"A": {"b": 1}}"#).is_err());
}

#[test]
fn condition_cycles_and_deep_nesting_stay_unknown() {
    let mut text = String::from("Conditions:\n  A: !Condition B\n  B: !Condition A\n  Deep: ");
    text.push_str(&"!Not [".repeat(150));
    text.push_str("!Equals [a, a]");
    text.push_str(&"]".repeat(150));
    text.push_str("\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Condition: A\n    Properties:\n      N: !If [Deep, 1, 2]\n");
    let (_, out) = eval(&text);
    // Deep is unknown (too deep to evaluate): each branch is judged on its own.
    let branches: Vec<&Value> =
        out.resources.iter().filter(|r| r.address == "Q").map(|r| prop(r, "N")).collect();
    assert_eq!(branches.len(), 2);
    assert!(branches.iter().all(|v| !v.is_unknown()));
}

#[test]
fn deeply_nested_intrinsics_do_not_exhaust_the_stack() {
    let shapes = [
        ("!Join ['', [", "]]", 97),
        ("!If [C, ", ", x]", 195),
        ("!Select [0, [", "]]", 97),
        ("!Sub ['${A}', {A: ", "}]", 97),
    ];
    for (open, close, depth) in shapes {
        let value = format!("{}x{}", open.repeat(depth), close.repeat(depth));
        let text =
            format!("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      N: {value}\n");
        let (_, out) = eval(&text);
        assert_eq!(out.resources.len(), 1);
    }
}

#[test]
fn sam_globals_are_merged_into_serverless_resources() {
    let text = "Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
    Environment:
      Variables:
        STAGE: prod
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Environment:
        Variables:
          TABLE: orders
  NotServerless:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
";
    let (file, out) = eval(text);
    let plain = resource(&out, "Plain");
    assert_eq!(prop(plain, "Runtime").as_str(), Some("python3.12"));
    assert_eq!(prop(plain, "Handler").as_str(), Some("app.handler"));
    // A global value keeps its own span: the line to change is in Globals.
    assert_eq!(file.line_col(prop(plain, "Runtime").span.start as usize).line, 4);
    let own = resource(&out, "Own");
    assert_eq!(prop(own, "Runtime").as_str(), Some("nodejs22.x"));
    assert_eq!(prop(own, "Tracing").as_str(), Some("Active"));
    let vars = prop(own, "Environment").get("Variables").unwrap();
    assert_eq!(vars.get("STAGE").unwrap().as_str(), Some("prod"));
    assert_eq!(vars.get("TABLE").unwrap().as_str(), Some("orders"));
    assert!(resource(&out, "NotServerless").attrs.get("Properties").unwrap().get("Runtime").is_none());
}

#[test]
fn parameter_files_in_codepipeline_form_and_undeclared_names() {
    let given =
        load_parameters(r#"{"Parameters": {"Env": "dev", "Typo": "x"}, "Tags": {"team": "a"}}"#).unwrap();
    assert_eq!(given.get("Env").map(String::as_str), Some("dev"));
    let (_, out) = eval_with(NETWORK, &given);
    let warnings: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(warnings, ["the given parameters \"Typo\" are not declared by this template"]);
    // A plain object whose key happens to be `Parameters` among others stays a plain object.
    let plain = load_parameters(r#"{"Parameters": "p", "Env": "dev"}"#).unwrap();
    assert_eq!(plain.get("Parameters").map(String::as_str), Some("p"));
}

#[test]
fn values_a_parent_stack_passes_are_typed_and_unknowns_stay_unknown() {
    let child = r"Parameters:
  Subnets:
    Type: CommaDelimitedList
    Default: 'subnet-default'
  Port:
    Type: Number
    Default: 22
  Cidr:
    Type: String
    Default: 0.0.0.0/0
  Env:
    Type: String
    Default: prod
Resources:
  R:
    Type: AWS::EC2::Thing
    Properties:
      Subnets: !Ref Subnets
      Port: !Ref Port
      Cidr: !Ref Cidr
      Env: !Ref Env
";
    let parent = "Parameters:\n  Subnets: 'a, b'\n  Port: 3389\n  Cidr: x\n  Typo: x\n";
    let parent_file = source(parent);
    let passed = crate::parse::yaml::parse(&parent_file).unwrap();
    let mut passed = passed.get("Parameters").unwrap().as_map().unwrap().clone();
    // What the parent's `!ImportValue shared` evaluates to.
    let imported = Value::unknown("Fn::ImportValue is resolved at deploy time", Span::default());
    passed.entries.iter_mut().find(|(k, _)| k.name == "Cidr").unwrap().1 = imported;
    let passed = &passed;
    let file = source(child);
    let doc = crate::parse::yaml::parse(&file).unwrap();
    let out = evaluate_given(0, &file, &doc, &Given::Passed(Ok(passed)), &Budget::default());
    let r = resource(&out, "R");
    let subnets: Vec<&str> = prop(r, "Subnets").as_list().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(subnets, ["a", "b"]);
    assert_eq!(prop(r, "Port").as_f64(), Some(3389.0));
    assert!(unknown_reason(prop(r, "Cidr")).contains("parameter Cidr is passed an unknown value"));
    // Not passed: the default, which is what gets deployed, so nothing is assumed.
    assert_eq!(prop(r, "Env").as_str(), Some("prod"));
    assert!(r.parameter_defaults.is_empty());
    // A name the child does not declare is reported, as a --cfn-parameters typo is.
    assert_eq!(out.diagnostics.len(), 1);
    assert!(out.diagnostics[0].message.contains("\"Typo\""), "{}", out.diagnostics[0].message);
    // Parameters that are not a map leave every parameter Unknown, never one text for all.
    let text = Value::string("oops", Span::default());
    let out = evaluate_given(0, &file, &doc, &Given::Passed(Err(&text)), &Budget::default());
    assert!(unknown_reason(prop(resource(&out, "R"), "Env")).contains("Parameters is not a map"));
}
