//! The resource graph: nodes are resources, edges are references.
