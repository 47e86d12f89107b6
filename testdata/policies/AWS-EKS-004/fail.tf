resource "aws_eks_cluster" "old" {
  name     = "old"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  version  = "1.29" # expect: AWS-EKS-004
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}

resource "aws_eks_cluster" "extended" {
  name     = "extended"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  version  = "1.33" # expect: AWS-EKS-004
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}
