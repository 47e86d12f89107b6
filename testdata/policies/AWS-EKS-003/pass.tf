variable "log_types" {
  type = list(string)
}

resource "aws_eks_cluster" "audited" {
  name     = "audited"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = ["api", "audit", "authenticator"]
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}

resource "aws_eks_cluster" "configurable" {
  name     = "configurable"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = var.log_types
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}
