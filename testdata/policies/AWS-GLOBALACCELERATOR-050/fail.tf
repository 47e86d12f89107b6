resource "aws_globalaccelerator_accelerator" "edge" { # expect: AWS-GLOBALACCELERATOR-050
  name            = "edge"
  ip_address_type = "IPV4"
}

resource "aws_globalaccelerator_accelerator" "off" {
  name = "off"
  attributes {
    flow_logs_enabled = false # expect: AWS-GLOBALACCELERATOR-050
  }
}
