resource "aws_eks_cluster" "plain" { # expect: AWS-EKS-002
  name     = "plain"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}
