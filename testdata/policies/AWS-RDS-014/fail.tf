resource "aws_db_instance" "pinned" {
  identifier                 = "pinned"
  engine                     = "postgres"
  instance_class             = "db.t4g.micro"
  auto_minor_version_upgrade = false # expect: AWS-RDS-014
}

resource "aws_rds_cluster_instance" "member" {
  cluster_identifier         = "orders"
  instance_class             = "db.r6g.large"
  engine                     = "aurora-postgresql"
  auto_minor_version_upgrade = false # expect: AWS-RDS-014
}
