resource "aws_db_instance" "copies" {
  identifier            = "app"
  engine                = "postgres"
  instance_class        = "db.t4g.micro"
  copy_tags_to_snapshot = true
}

resource "aws_rds_cluster" "copies" {
  cluster_identifier    = "orders"
  engine                = "aurora-postgresql"
  copy_tags_to_snapshot = true
}

resource "aws_db_instance" "aurora_member" {
  identifier         = "orders-1"
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
  cluster_identifier = aws_rds_cluster.copies.id
}
