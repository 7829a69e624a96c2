//! The spec language's syntax: the lexer, the step and expression parsers and the canonical
//! text every parsed pipeline prints back as. Nothing here knows what a step does.

pub(crate) mod cursor;
pub(crate) mod lexer;
pub(crate) mod parse;
mod show;
