use super::*;

#[test]
fn base_address_strips_only_the_instance_key() {
    assert_eq!(base_address("aws_s3_bucket.b[0]"), "aws_s3_bucket.b");
    assert_eq!(base_address(r#"module.a["x"].aws_s3_bucket.b["k"]"#), r#"module.a["x"].aws_s3_bucket.b"#);
    assert_eq!(base_address("Bucket"), "Bucket");
    let key = crate::escape::quote("a[\"b]\\");
    assert_eq!(key, r#""a[\"b]\\""#);
    assert_eq!(base_address(&format!("aws_s3_bucket.b[{key}]")), "aws_s3_bucket.b");
}
