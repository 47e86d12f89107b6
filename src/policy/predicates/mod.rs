//! Native predicates: logic a policy file cannot express well, registered by name.
