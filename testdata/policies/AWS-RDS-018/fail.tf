resource "aws_db_instance" "untagged_snapshots" { # expect: AWS-RDS-018
  identifier     = "app"
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "cluster" {
  cluster_identifier    = "orders"
  engine                = "aurora-postgresql"
  copy_tags_to_snapshot = false # expect: AWS-RDS-018
}
