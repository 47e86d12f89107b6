resource "aws_eks_cluster" "defaults" { # expect: AWS-EKS-001
  name     = "defaults"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
}

resource "aws_eks_cluster" "explicit" {
  name     = "explicit"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    public_access_cidrs = ["0.0.0.0/0"] # expect: AWS-EKS-001
  }
}
