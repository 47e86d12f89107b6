variable "identifier" {
  type = string
}

variable "publicly_accessible" {
  type    = bool
  default = false
}

variable "storage_encrypted" {
  type    = bool
  default = false
}

module "db_instance" {
  source              = "./modules/db_instance"
  identifier          = var.identifier
  publicly_accessible = var.publicly_accessible
  storage_encrypted   = var.storage_encrypted
}

output "id" {
  value = module.db_instance.id
}
