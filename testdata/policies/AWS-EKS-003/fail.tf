resource "aws_eks_cluster" "silent" { # expect: AWS-EKS-003
  name     = "silent"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}

resource "aws_eks_cluster" "api_only" {
  name     = "api-only"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  enabled_cluster_log_types = ["api"] # expect: AWS-EKS-003
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}
