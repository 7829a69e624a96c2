//! Expressions: lexer, parser, type checking and compiled evaluation over column slots.
