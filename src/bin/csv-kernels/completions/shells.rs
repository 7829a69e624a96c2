//! The text of each shell's completion script, from the command specs. Every script is plain
//! data plus a little fixed logic, so what it completes is exactly what `specs` says.

use super::{Flag, Spec, Value};
use std::fmt::Write;

const TOP_FLAGS: [(&str, &str, &str); 2] = [
    ("h", "help", "print the usage"),
    ("V", "version", "print the version"),
];

/// Each option once, across commands (an option means the same in every command).
fn all_flags(specs: &[Spec]) -> Vec<&Flag> {
    let mut seen: Vec<&Flag> = Vec::new();
    for f in specs.iter().flat_map(|s| &s.flags) {
        if !seen.iter().any(|g| g.long == f.long) {
            seen.push(f);
        }
    }
    seen
}

fn longs(flags: &[Flag]) -> String {
    let names: Vec<String> = flags.iter().map(|f| format!("--{}", f.long)).collect();
    names.join(" ")
}

/// The options whose values match `want`, as a bash `case` pattern.
fn pattern(flags: &[&Flag], want: impl Fn(&Value) -> bool) -> Option<String> {
    let names: Vec<String> = flags
        .iter()
        .filter(|f| want(&f.value))
        .map(|f| format!("--{}", f.long))
        .collect();
    (!names.is_empty()).then(|| names.join("|"))
}

/// Bash: `complete -F` with a function that looks at the command (word 1), the word before
/// the cursor (an option taking a value) and the word being typed.
pub fn bash(specs: &[Spec]) -> String {
    let mut s = String::from(
        "# bash completion for csv-kernels; made by `csv-kernels completions bash`.\n\
         _csv_kernels() {\n\
         \x20   local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n\
         \x20   COMPREPLY=()\n\
         \x20   if [[ $COMP_CWORD -eq 1 ]]; then\n",
    );
    let mut first: Vec<String> = specs.iter().map(|c| c.name.to_string()).collect();
    first.extend(TOP_FLAGS.iter().map(|(_, long, _)| format!("--{long}")));
    let _ = writeln!(
        s,
        "        COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n        return\n    fi\n    case $prev in",
        first.join(" ")
    );
    let flags = all_flags(specs);
    if let Some(files) = pattern(&flags, |v| *v == Value::File) {
        let _ = writeln!(
            s,
            "        {files})\n            compopt -o filenames 2>/dev/null\n            COMPREPLY=($(compgen -f -- \"$cur\"))\n            return ;;"
        );
    }
    for f in &flags {
        match &f.value {
            Value::Words(words) => {
                let _ = writeln!(
                    s,
                    "        --{})\n            COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n            return ;;",
                    f.long,
                    words.join(" ")
                );
            }
            // Either a value or the next option may follow.
            Value::Optional(words) => {
                let _ = writeln!(
                    s,
                    "        --{})\n            if [[ $cur != -* ]]; then\n                COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n                return\n            fi ;;",
                    f.long,
                    words.join(" ")
                );
            }
            _ => {}
        }
    }
    if let Some(free) = pattern(&flags, |v| *v == Value::Free) {
        let _ = writeln!(s, "        {free})\n            return ;;");
    }
    s.push_str("    esac\n    case ${COMP_WORDS[1]} in\n");
    for c in specs
        .iter()
        .filter(|c| !c.flags.is_empty() || c.positional != Value::None)
    {
        let _ = writeln!(s, "        {})", c.name);
        let offer = format!(
            "COMPREPLY=($(compgen -W '{}' -- \"$cur\"))",
            longs(&c.flags)
        );
        match &c.positional {
            Value::Words(words) => {
                let _ = writeln!(
                    s,
                    "            if [[ $cur == -* ]]; then\n                {offer}\n            elif [[ $COMP_CWORD -eq 2 ]]; then\n                COMPREPLY=($(compgen -W '{}' -- \"$cur\"))\n            fi ;;",
                    words.join(" ")
                );
            }
            // Options are offered on an empty word only when no argument is expected there.
            Value::None => {
                let _ = writeln!(s, "            {offer} ;;");
            }
            _ => {
                let _ = writeln!(
                    s,
                    "            if [[ $cur == -* ]]; then\n                {offer}\n            fi ;;"
                );
            }
        }
    }
    s.push_str("    esac\n}\ncomplete -F _csv_kernels csv-kernels\n");
    s
}

/// Zsh: `_arguments` for the command word, then for the chosen command's options (with their
/// descriptions) and argument. Works from a folder on `$fpath` and when sourced.
pub fn zsh(specs: &[Spec]) -> String {
    let mut s = String::from(
        "#compdef csv-kernels\n\
         # zsh completion for csv-kernels; made by `csv-kernels completions zsh`.\n\n\
         _csv-kernels() {\n\
         \x20   local curcontext=$curcontext state line\n\
         \x20   local -a commands\n\
         \x20   commands=(\n",
    );
    for c in specs {
        let _ = writeln!(s, "        '{}:{}'", c.name, c.doc);
    }
    s.push_str("    )\n    _arguments -C \\\n");
    for (short, long, doc) in TOP_FLAGS {
        let _ = writeln!(s, "        '(- *)'{{-{short},--{long}}}'[{doc}]' \\");
    }
    s.push_str(
        "        '1: :->command' \\\n        '*:: :->args' && return\n    case $state in\n\
         \x20       command)\n            _describe -t commands 'csv-kernels command' commands ;;\n\
         \x20       args)\n            case $words[1] in\n",
    );
    for c in specs {
        let _ = write!(
            s,
            "                {})\n                    _arguments",
            c.name
        );
        for f in &c.flags {
            let value = match &f.value {
                Value::None => String::new(),
                Value::File => ":file:_files".into(),
                Value::Free => ":value: ".into(),
                Value::Words(w) => format!(":value:({})", w.join(" ")),
                Value::Optional(w) => format!("::value:({})", w.join(" ")),
            };
            let _ = write!(
                s,
                " \\\n                        '--{}[{}]{value}'",
                f.long, f.doc
            );
        }
        match &c.positional {
            Value::Words(w) => {
                let _ = write!(
                    s,
                    " \\\n                        '1:{}:({})'",
                    c.argument,
                    w.join(" ")
                );
            }
            Value::Free => {
                let _ = write!(s, " \\\n                        '1:{}: '", c.argument);
            }
            _ => {}
        }
        s.push_str(" ;;\n");
    }
    s.push_str(
        "            esac ;;\n    esac\n}\n\n\
         if [[ $funcstack[1] == _csv-kernels ]]; then\n\
         \x20   _csv-kernels \"$@\"\n\
         else\n\
         \x20   compdef _csv-kernels csv-kernels\n\
         fi\n",
    );
    s
}

/// Fish: one `complete` line per command and per option, conditioned on the command seen.
pub fn fish(specs: &[Spec]) -> String {
    let mut s = String::from(
        "# fish completion for csv-kernels; made by `csv-kernels completions fish`.\n\
         complete -c csv-kernels -f\n",
    );
    let top = "complete -c csv-kernels -n __fish_use_subcommand";
    for (short, long, doc) in TOP_FLAGS {
        let _ = writeln!(s, "{top} -s {short} -l {long} -d '{doc}'");
    }
    for c in specs {
        let _ = writeln!(s, "{top} -a {} -d '{}'", c.name, c.doc);
    }
    for c in specs {
        let seen = format!("__fish_seen_subcommand_from {}", c.name);
        for f in &c.flags {
            let value = match &f.value {
                Value::None | Value::Optional(_) => String::new(),
                Value::File => " -r -F".into(),
                Value::Free => " -x".into(),
                Value::Words(w) => format!(" -x -a '{}'", w.join(" ")),
            };
            let _ = writeln!(
                s,
                "complete -c csv-kernels -n '{seen}' -l {}{value} -d '{}'",
                f.long, f.doc
            );
            // A value that may be left out: offered right after the option only.
            if let Value::Optional(w) = &f.value {
                let _ = writeln!(
                    s,
                    "complete -c csv-kernels -n '{seen}; and test (commandline -opc)[-1] = --{}' -a '{}'",
                    f.long,
                    w.join(" ")
                );
            }
        }
        if let Value::Words(w) = &c.positional {
            // One positional word: offered until one of them is on the line.
            let words = w.join(" ");
            let _ = writeln!(
                s,
                "complete -c csv-kernels -n '{seen}; and not __fish_seen_subcommand_from {words}' -a '{words}'",
            );
        }
    }
    s
}
