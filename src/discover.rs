//! Walking the given paths and classifying files.
