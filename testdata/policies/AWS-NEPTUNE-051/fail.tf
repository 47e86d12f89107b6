resource "aws_neptune_cluster_instance" "graph" {
  cluster_identifier  = "graph"
  instance_class      = "db.r6g.large"
  publicly_accessible = true # expect: AWS-NEPTUNE-051
}
