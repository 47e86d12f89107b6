resource "aws_ec2_client_vpn_endpoint" "staff" {
  server_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0123"
  client_cidr_block      = "10.100.0.0/22"
  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0456"
  }
  connection_log_options {
    enabled = false # expect: AWS-EC2-021
  }
}
