resource "aws_kms_key" "risky" {
  description                        = "risky"
  bypass_policy_lockout_safety_check = true # expect: AWS-KMS-004
}
