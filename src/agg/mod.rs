//! Aggregates with mergeable states: init / update / merge / finalize / encode / decode.
