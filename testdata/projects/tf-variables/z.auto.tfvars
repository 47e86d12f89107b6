rdp_cidr = "10.1.0.0/16"
