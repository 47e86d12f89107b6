resource "aws_kms_key" "redshift" {
  enable_key_rotation = true
}

resource "aws_redshift_cluster" "dw" {
  cluster_identifier = "dw"
  node_type          = "ra3.xlplus"
  encrypted          = true
  kms_key_id         = aws_kms_key.redshift.arn
}

# Explicitly unencrypted: AWS-REDSHIFT-002's finding.
resource "aws_redshift_cluster" "plain" {
  cluster_identifier = "plain"
  node_type          = "ra3.xlplus"
  encrypted          = false
}
