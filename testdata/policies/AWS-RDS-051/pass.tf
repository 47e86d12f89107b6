resource "aws_kms_key" "rds" {
  enable_key_rotation = true
}

resource "aws_db_instance" "db" {
  identifier                      = "db"
  engine                          = "postgres"
  instance_class                  = "db.t4g.micro"
  allocated_storage               = 20
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.rds.arn
}

# Performance Insights off: no samples to protect.
resource "aws_db_instance" "quiet" {
  identifier        = "quiet"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}
