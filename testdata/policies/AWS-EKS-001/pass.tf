variable "admin_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

resource "aws_eks_cluster" "configurable" {
  name     = "configurable"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
    public_access_cidrs = var.admin_cidrs
  }
}
