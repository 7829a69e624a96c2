# Drives zsh's real completion system from a script: tests/completions.rs runs
#     zsh -f zsh-complete.zsh LINE...
# with ZC_INIT (zsh-widget.zsh), ZC_OUT (a file name prefix) and ZC_LOAD / ZC_SCRIPT (how the
# csv-kernels script is loaded, see zsh-widget.zsh) in the environment. An interactive zsh
# runs in a pseudo-terminal (zsh/zpty); each LINE is typed there and completed with Tab, the
# way a person completes it. The words the completion system offered for the Nth LINE end up
# in $ZC_OUT.N, one per line. Exits 1 when a completion does not arrive within 10 s.
zmodload zsh/zpty || exit 1
zpty csv zsh -f -i || exit 1
zpty -w csv "source ${(q)ZC_INIT}"
integer n=0
for line in "$@"; do
  (( ++n ))
  # Ctrl-U empties the line left by the previous completion; Tab completes this one.
  zpty -w -n csv $'\C-u'"$line"$'\t'
  repeat 500; do
    [[ -e $ZC_OUT.$n ]] && break
    zpty -r -t csv ignored 2>/dev/null   # drain the terminal so the shell never blocks on it
    sleep 0.02
  done
  if [[ ! -e $ZC_OUT.$n ]]; then
    print -u2 -r -- "zsh offered nothing (no completion ran) for: ${(q)line}"
    zpty -d csv
    exit 1
  fi
done
zpty -d csv
