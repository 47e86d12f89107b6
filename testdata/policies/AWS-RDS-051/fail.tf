resource "aws_db_instance" "db" { # expect: AWS-RDS-051
  identifier                   = "db"
  engine                       = "postgres"
  instance_class               = "db.t4g.micro"
  allocated_storage            = 20
  performance_insights_enabled = true
}

resource "aws_rds_cluster_instance" "member" { # expect: AWS-RDS-051
  identifier                   = "member"
  cluster_identifier           = "aurora"
  instance_class               = "db.r6g.large"
  engine                       = "aurora-postgresql"
  performance_insights_enabled = true
}
