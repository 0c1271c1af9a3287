//! placeholder for dependency fetch
