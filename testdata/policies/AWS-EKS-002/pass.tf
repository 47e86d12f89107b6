resource "aws_kms_key" "eks" {
  enable_key_rotation = true
}

resource "aws_eks_cluster" "encrypted" {
  name     = "encrypted"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}
