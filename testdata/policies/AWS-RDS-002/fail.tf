resource "aws_db_instance" "public" {
  identifier          = "public"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  publicly_accessible = true # expect: AWS-RDS-002
}

resource "aws_rds_cluster_instance" "public_member" {
  identifier          = "member"
  cluster_identifier  = "cluster"
  instance_class      = "db.r6g.large"
  engine              = "aurora-mysql"
  publicly_accessible = true # expect: AWS-RDS-002
}
