//! Three-valued evaluation of policies over resources.
