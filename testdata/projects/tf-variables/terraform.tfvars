ssh_cidr = "0.0.0.0/0"
rdp_cidr = "192.168.0.0/16"
